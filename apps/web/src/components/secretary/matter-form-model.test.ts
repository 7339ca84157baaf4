import type { Matter } from '@fieldschool/contracts';
import { describe, expect, it } from 'vitest';
import { emptyMatterForm, formToCreate, formToUpdate, matterToForm, yuanToFen } from './matter-form-model.ts';

const matter: Matter = {
  id: '00000000-0000-4000-8000-000000000001',
  villageId: '00000000-0000-4000-8000-000000000002',
  villageName: '根呷村',
  townshipName: '河坡乡',
  title: '通村路硬化',
  category: 'road',
  fundsFen: 120_000_050,
  beneficiaryHouseholds: 71,
  status: 'under_way',
  startedOn: '2026-05-01',
  doneOn: null,
  files: [],
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
};

describe('the matter form model', () => {
  it('turns yuan typed with decimals into whole fen, without floating-point drift', () => {
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(1_200_000.5)).toBe(120_000_050);
    expect(yuanToFen(null)).toBe(0);
  });

  it('creates with trimmed title and leaves the done date to the api when it is empty', () => {
    const form = { ...emptyMatterForm(), title: '  安全饮水 ', category: 'water' as const, fundsYuan: 5000, status: 'done' as const };
    expect(formToCreate(matter.villageId, form)).toEqual({
      villageId: matter.villageId,
      title: '安全饮水',
      category: 'water',
      fundsFen: 500_000,
      beneficiaryHouseholds: 0,
      status: 'done',
      startedOn: null,
    });
  });

  it('sends only the fields that changed, and nothing when none did', () => {
    const form = matterToForm(matter);
    expect(form.fundsYuan).toBe(1_200_000.5);
    expect(formToUpdate(matter, form)).toEqual({});
    expect(formToUpdate(matter, { ...form, status: 'done', doneOn: '2026-09-30' })).toEqual({ status: 'done', doneOn: '2026-09-30' });
  });

  it('drops the done date when a matter done goes back to under way', () => {
    const done = { ...matter, status: 'done' as const, doneOn: '2026-09-30' };
    expect(formToUpdate(done, { ...matterToForm(done), status: 'under_way' })).toEqual({ status: 'under_way', doneOn: null });
  });
});
