// What a farmer search box means, written once: the farmers page asks the api with it, and the
// check-in page applies it to the roster downloaded to the phone, with no network.

/** Last 4 ID digits, other digits (phone), pinyin (initials or full), or part of the name. */
export type FarmerSearchKind = 'last4' | 'phoneDigits' | 'pinyin' | 'name';

export function farmerSearchKind(text: string): FarmerSearchKind {
  if (/^\d{4}$/.test(text)) return 'last4';
  if (/^\d+$/.test(text)) return 'phoneDigits';
  if (/^[a-z\s]+$/i.test(text)) return 'pinyin';
  return 'name';
}

/** Pinyin is typed with or without spaces and in any case: "z r l m", "ZRLM", "zeren". */
export function normalizePinyinQuery(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

export interface SearchableFarmer {
  name: string;
  namePinyin: string;
  namePinyinInitials: string;
  idNumberLast4: string | null;
  phone?: string | null | undefined;
}

/**
 * The same rule as the api's roster search, for a farmer in memory: 4 digits are the last
 * 4 of the ID number (or part of the phone), pinyin matches the start of the initials or of
 * the full pinyin, anything else is part of the name (case-free). The name is matched whole:
 * a Tibetan name (泽仁拉姆) is never split into surname and given name.
 */
export function farmerMatches(farmer: SearchableFarmer, typed: string): boolean {
  const text = typed.trim();
  if (text === '') return true;
  const phone = farmer.phone ?? '';
  switch (farmerSearchKind(text)) {
    case 'last4':
      return farmer.idNumberLast4 === text || phone.includes(text);
    case 'phoneDigits':
      return phone.includes(text);
    case 'pinyin': {
      const pinyin = normalizePinyinQuery(text);
      return farmer.namePinyinInitials.startsWith(pinyin) || farmer.namePinyin.startsWith(pinyin);
    }
    case 'name':
      return farmer.name.toLowerCase().includes(text.toLowerCase());
  }
}
