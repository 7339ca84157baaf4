import type { CreateWorkDay, WorkDayMonth } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as secretariesApi from '@/api/secretaries.ts';

/** A secretary's month of work days: the log shown on "my work", and the entries added to it. */
export const useSecretaryWorkStore = defineStore('secretary-work', () => {
  const month = ref<WorkDayMonth | null>(null);

  async function load(monthKey: string, signal?: AbortSignal): Promise<WorkDayMonth> {
    month.value = await secretariesApi.listWorkDays({ month: monthKey }, signal);
    return month.value;
  }

  /** Sends one entry; the id made here makes a second press (or a retry) a no-op on the server. */
  async function record(entry: CreateWorkDay): Promise<void> {
    await secretariesApi.recordWorkDay(entry);
    await load(entry.workDate.slice(0, 7));
  }

  function $reset(): void {
    month.value = null;
  }

  return { month, load, record, $reset };
});
