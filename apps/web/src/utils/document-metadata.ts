import type { DocumentDetail, DocumentMetadata, DocumentTopic, Validity } from '@fieldschool/contracts';

/** What the document form edits: every field present, text fields as typed (blank, not null). */
export interface DocumentFormModel {
  title: string;
  docNumber: string;
  issuingBody: string;
  issuedOn: string | null;
  validity: Validity;
  topics: DocumentTopic[];
  region: string;
  tags: string[];
  summary: string;
  published: boolean;
  replacesId: string | null;
}

/** The form for a document (an edit), or an empty one (an upload). */
export function toDocumentForm(document: DocumentDetail | null | undefined): DocumentFormModel {
  return {
    title: document?.title ?? '',
    docNumber: document?.docNumber ?? '',
    issuingBody: document?.issuingBody ?? '',
    issuedOn: document?.issuedOn ?? null,
    validity: document?.validity ?? 'valid',
    topics: [...(document?.topics ?? [])],
    region: document?.region ?? '',
    tags: [...(document?.tags ?? [])],
    summary: document?.summary ?? '',
    published: document?.published ?? true,
    replacesId: document?.replaces?.id ?? null,
  };
}

/**
 * The metadata an upload sends. A blank field is left out, so the api fills it from the file
 * (the title from its first line, the 文号 from its text) or from its defaults.
 */
export function toUploadMetadata(model: DocumentFormModel): DocumentMetadata {
  const body: DocumentMetadata = {
    validity: model.validity,
    topics: model.topics,
    tags: model.tags,
    published: model.published,
    issuedOn: model.issuedOn,
    replacesId: model.replacesId,
  };
  const title = model.title.trim();
  const docNumber = model.docNumber.trim();
  const issuingBody = model.issuingBody.trim();
  const region = model.region.trim();
  const summary = model.summary.trim();
  if (title) body.title = title;
  if (docNumber) body.docNumber = docNumber;
  if (issuingBody) body.issuingBody = issuingBody;
  if (region) body.region = region;
  if (summary) body.summary = summary;
  return body;
}

/** Every field as an edit sends it: blank text clears the field, a blank 文号 removes it. */
function toEditMetadata(model: DocumentFormModel): Required<DocumentMetadata> {
  return {
    title: model.title.trim(),
    docNumber: model.docNumber.trim() || null,
    issuingBody: model.issuingBody.trim(),
    issuedOn: model.issuedOn,
    validity: model.validity,
    topics: model.topics,
    region: model.region.trim(),
    tags: model.tags,
    summary: model.summary.trim(),
    published: model.published,
    replacesId: model.replacesId,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  // Field values are strings, booleans, null or arrays of strings: their JSON compares them.
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An edit sends only the fields that differ from the document as loaded; nothing when none do. */
export function changedMetadata(model: DocumentFormModel, document: DocumentDetail): DocumentMetadata {
  const before = toEditMetadata(toDocumentForm(document));
  const after = toEditMetadata(model);
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof DocumentMetadata>) {
    if (!sameValue(after[key], before[key])) changed[key] = after[key];
  }
  return changed as DocumentMetadata;
}
