import type { Course, CourseTopic, CreateCourse, UpdateCourse } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as coursesApi from '@/api/courses.ts';
import { useCursorList } from '@/composables/use-cursor-list.ts';

const PAGE_SIZE = 50;
/** The session form picks from every course at once: a county teaches a few dozen. */
const CHOICES_LIMIT = 200;

export const useCoursesStore = defineStore('courses', () => {
  const q = ref('');
  const topic = ref<CourseTopic | null>(null);
  const list = useCursorList<Course>((cursor, signal) =>
    coursesApi.listCourses({ q: q.value.trim() || undefined, topic: topic.value ?? undefined, cursor, limit: PAGE_SIZE }, signal),
  );
  const { items, nextCursor, loading, loaded, error, loadMore } = list;

  function search(filters: { q?: string; topic?: CourseTopic | null } = {}): Promise<void> {
    if (filters.q !== undefined) q.value = filters.q;
    if (filters.topic !== undefined) topic.value = filters.topic;
    return list.loadFirst();
  }

  /** Every course, for the session form's course picker. */
  async function choices(signal?: AbortSignal): Promise<Course[]> {
    return (await coursesApi.listCourses({ limit: CHOICES_LIMIT }, signal)).items;
  }

  function get(id: string, signal?: AbortSignal): Promise<Course> {
    return coursesApi.getCourse(id, signal);
  }

  async function create(body: CreateCourse): Promise<Course> {
    const course = await coursesApi.createCourse(body);
    loaded.value = false;
    return course;
  }

  async function update(id: string, body: UpdateCourse): Promise<Course> {
    const course = await coursesApi.updateCourse(id, body);
    const index = items.value.findIndex((c) => c.id === id);
    if (index >= 0) items.value.splice(index, 1, course);
    return course;
  }

  function $reset(): void {
    list.reset();
    q.value = '';
    topic.value = null;
  }

  return { items, nextCursor, q, topic, loading, loaded, error, search, loadMore, choices, get, create, update, $reset };
});
