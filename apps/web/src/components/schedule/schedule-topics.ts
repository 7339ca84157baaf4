import type { CourseTopic } from '@fieldschool/contracts';

/**
 * One colour per course topic, dark enough for white text (WCAG AA, 4.5:1). Colour is
 * never the only cue: every event also names its topic, and the legend pairs both.
 */
export const topicColors: Readonly<Record<CourseTopic, string>> = {
  agri_tech: '#2e6b30',
  healthcare: '#b3261e',
  poverty_relief: '#8a4b08',
  law: '#1f4e8c',
  party_building: '#9c1c52',
  other: '#555555',
};
