import type { Course, CoursePage, CourseQuery, CreateCourse, UpdateCourse } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listCourses(query: CourseQuery = {}, signal?: AbortSignal): Promise<CoursePage> {
  return request('GET', '/courses', { query, signal });
}

export function getCourse(id: string, signal?: AbortSignal): Promise<Course> {
  return request('GET', `/courses/${encodeURIComponent(id)}`, { signal });
}

export function createCourse(body: CreateCourse): Promise<Course> {
  return request('POST', '/courses', { body });
}

export function updateCourse(id: string, body: UpdateCourse): Promise<Course> {
  return request('PATCH', `/courses/${encodeURIComponent(id)}`, { body });
}
