import type { CreateMatter, Matter, MatterCategory, MatterStatus, UpdateMatter } from '@fieldschool/contracts';

/** The matter form's fields: funds in yuan (what people type), dates as YYYY-MM-DD or null. */
export interface MatterFormModel {
  title: string;
  category: MatterCategory;
  fundsYuan: number | null;
  beneficiaryHouseholds: number | null;
  status: MatterStatus;
  startedOn: string | null;
  doneOn: string | null;
}

/** Yuan typed with up to two decimals, as whole fen: the api adds fen exactly. */
export function yuanToFen(yuan: number | null): number {
  return yuan === null ? 0 : Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

export function emptyMatterForm(): MatterFormModel {
  return { title: '', category: 'road', fundsYuan: null, beneficiaryHouseholds: null, status: 'proposed', startedOn: null, doneOn: null };
}

export function matterToForm(matter: Matter): MatterFormModel {
  return {
    title: matter.title,
    category: matter.category,
    fundsYuan: matter.fundsFen === 0 ? null : fenToYuan(matter.fundsFen),
    beneficiaryHouseholds: matter.beneficiaryHouseholds === 0 ? null : matter.beneficiaryHouseholds,
    status: matter.status,
    startedOn: matter.startedOn,
    doneOn: matter.doneOn,
  };
}

function fields(form: MatterFormModel) {
  return {
    title: form.title.trim(),
    category: form.category,
    fundsFen: yuanToFen(form.fundsYuan),
    beneficiaryHouseholds: form.beneficiaryHouseholds ?? 0,
    status: form.status,
    startedOn: form.startedOn,
    // Only a matter done has a done date; the api fills in today when it is left empty.
    doneOn: form.status === 'done' ? form.doneOn : null,
  };
}

export function formToCreate(villageId: string, form: MatterFormModel): CreateMatter {
  const { doneOn, ...rest } = fields(form);
  return { villageId, ...rest, ...(doneOn ? { doneOn } : {}) };
}

/** Only what changed, so a save without changes sends nothing (the api wants at least one field). */
export function formToUpdate(matter: Matter, form: MatterFormModel): UpdateMatter {
  const next = fields(form);
  const changes: UpdateMatter = {};
  for (const key of Object.keys(next) as Array<keyof typeof next>) {
    if (next[key] !== matter[key]) Object.assign(changes, { [key]: next[key] });
  }
  return changes;
}
