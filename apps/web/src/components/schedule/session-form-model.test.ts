import type { Session } from '@fieldschool/contracts';
import { describe, expect, it } from 'vitest';
import { sessionChanges } from './session-form-model.ts';

const session: Session = {
  id: '00000000-0000-4000-8000-000000000001',
  courseId: 'c1',
  courseTitle: '马铃薯规模化种植',
  topic: 'agri_tech',
  villageId: 'v1',
  villageName: '根呷村',
  townshipId: 't1',
  townshipName: '河坡乡',
  venue: '村活动室',
  trainers: [
    { id: 'a', name: '李红梅' },
    { id: 'b', name: '泽仁' },
  ],
  capacity: 40,
  targetVillages: [{ id: 'v1', name: '根呷村' }],
  notes: '',
  startsAt: '2031-03-04T01:00:00.000Z',
  endsAt: '2031-03-04T03:00:00.000Z',
  status: 'scheduled',
  cancelReason: null,
  seriesId: null,
  createdAt: '2031-01-01T00:00:00.000Z',
  updatedAt: '2031-01-01T00:00:00.000Z',
};

const unchanged = {
  courseId: 'c1',
  villageId: 'v1',
  venue: '村活动室',
  trainerIds: ['b', 'a'],
  capacity: 40,
  notes: '',
  startsAt: '2031-03-04T01:00:00.000Z',
  endsAt: '2031-03-04T03:00:00.000Z',
};

describe('sessionChanges', () => {
  it('sends nothing for an untouched form: trainers in another order and no target villages mean the same', () => {
    expect(sessionChanges(session, unchanged)).toEqual({});
  });

  it('sends only the fields that changed', () => {
    expect(sessionChanges(session, { ...unchanged, capacity: 60, startsAt: '2031-03-04T02:00:00.000Z', notes: '带种薯' })).toEqual({
      capacity: 60,
      startsAt: '2031-03-04T02:00:00.000Z',
      notes: '带种薯',
    });
  });

  it('sends the whole trainer and village lists when either changed', () => {
    expect(sessionChanges(session, { ...unchanged, trainerIds: ['a'], targetVillageIds: ['v1', 'v2'] })).toEqual({
      trainerIds: ['a'],
      targetVillageIds: ['v1', 'v2'],
    });
  });
});
