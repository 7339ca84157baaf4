import { aliasedTable, and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import { newCardToken } from '../farmers.ts';
import { getVisibleOrgUnit } from '../org-units.ts';
import { inAreaSql, type Principal } from '../principal.ts';
import { a4Document, drawQr } from './pdf.ts';

/*
 * Farmer QR cards, 8 to an A4 page (2 × 4, cut along the dashed lines): the full name,
 * village and household, and a QR code of the card token — never the ID number. A lost
 * card is reissued with a new token, so the old card's code matches no one any more.
 */

const village = aliasedTable(schema.orgUnits, 'village');
const township = aliasedTable(schema.orgUnits, 'township');
const f = schema.farmers;
export const MAX_CARDS = 2000;

export interface CardFarmer {
  name: string;
  villageName: string;
  townshipName: string;
  householdNo: string | null;
  cardToken: string;
}

async function cardFarmers(db: Database, principal: Principal, where: SQL): Promise<CardFarmer[]> {
  return db
    .select({ name: f.name, villageName: village.name, townshipName: township.name, householdNo: f.householdNo, cardToken: f.cardToken })
    .from(f)
    .innerJoin(village, eq(village.id, f.villageId))
    .innerJoin(township, eq(township.id, village.parentId))
    .where(and(where, isNull(f.mergedIntoId), inAreaSql(principal.orgUnitPath, village.path)))
    .orderBy(asc(f.householdNo), asc(f.namePinyin), asc(f.id))
    .limit(MAX_CARDS + 1);
}

export async function villageCards(db: Database, principal: Principal, villageId: string): Promise<Buffer> {
  const unit = await getVisibleOrgUnit(db, principal, villageId);
  if (unit.level !== 'village') throw new AppError('org_unit_invalid', 'Cards are printed for a village', { field: 'villageId' });
  const farmers = await cardFarmers(db, principal, eq(f.villageId, villageId));
  if (farmers.length > MAX_CARDS) throw new AppError('query_invalid', `At most ${MAX_CARDS} cards at once`, { field: 'villageId' });
  return renderCards(farmers, `${unit.name} 农民培训卡`);
}

export async function chosenCards(db: Database, principal: Principal, farmerIds: readonly string[]): Promise<Buffer> {
  const farmers = await cardFarmers(db, principal, inArray(f.id, [...farmerIds]));
  if (farmers.length !== farmerIds.length) throw new AppError('validation_failed', 'A chosen farmer is not in your area', { field: 'ids' });
  return renderCards(farmers, '农民培训卡');
}

/** A new token for a lost card: the old card stops working at once here, and on phones at their next roster download. */
export async function reissueCard(db: Database, principal: Principal, actor: Actor, farmerId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: f.id })
      .from(f)
      .innerJoin(village, eq(village.id, f.villageId))
      .where(and(eq(f.id, farmerId), isNull(f.mergedIntoId), inAreaSql(principal.orgUnitPath, village.path)));
    if (!row) throw notFound('Farmer');
    await tx.update(f).set({ cardToken: newCardToken(), updatedAt: new Date() }).where(eq(f.id, farmerId));
    // The token itself stays out of the log: it is the card's secret.
    await recordAudit(tx, actor, { action: 'farmer.card_reissue', entity: 'farmer', entityId: farmerId });
  });
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 28;
const GAP = 12;
const COLS = 2;
const ROWS = 4;
const CARD = { width: (PAGE.width - 2 * MARGIN - GAP) / COLS, height: (PAGE.height - 2 * MARGIN - (ROWS - 1) * GAP) / ROWS };
const QR = 118;

export async function renderCards(farmers: readonly CardFarmer[], title: string): Promise<Buffer> {
  const { doc, bytes } = a4Document({ Title: title });
  farmers.forEach((farmer, index) => {
    const slot = index % (COLS * ROWS);
    if (index > 0 && slot === 0) doc.addPage();
    const x = MARGIN + (slot % COLS) * (CARD.width + GAP);
    const y = MARGIN + Math.floor(slot / COLS) * (CARD.height + GAP);
    doc.save().roundedRect(x, y, CARD.width, CARD.height, 8).dash(4, { space: 3 }).lineWidth(0.6).strokeColor('#888888').stroke().restore();
    const left = x + 14;
    const textWidth = CARD.width - QR - 34;
    doc.fillColor('#2f6f4f').fontSize(9).text('白玉县农民培训卡', left, y + 14, { width: textWidth, lineBreak: false });
    doc.fillColor('#000000').fontSize(farmer.name.length > 6 ? 15 : 20).text(farmer.name, left, y + 34, { width: textWidth });
    doc.fontSize(10).fillColor('#333333');
    doc.text(`${farmer.townshipName} ${farmer.villageName}`, left, y + 92, { width: textWidth });
    doc.text(farmer.householdNo ? `户号：${farmer.householdNo}` : '户号：—', left, y + 110, { width: textWidth });
    doc.fontSize(7.5).fillColor('#666666').text('培训签到请出示此卡；遗失请找村干部补办。', left, y + CARD.height - 30, { width: textWidth });
    drawQr(doc, farmer.cardToken, x + CARD.width - QR - 12, y + (CARD.height - QR) / 2, QR, { level: 'M' });
  });
  if (farmers.length === 0) doc.fontSize(12).fillColor('#000000').text('没有可打印的农民。', MARGIN, MARGIN);
  doc.end();
  return bytes;
}
