import { bigserial, boolean, date, index, integer, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { documentValidity, outboxOp, textStatus } from './enums.ts';
import { users } from './users.ts';

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    /** 文号, e.g. 川府发〔2024〕12号. */
    docNumber: text('doc_number'),
    issuingBody: text('issuing_body').notNull().default(''),
    issuedOn: date('issued_on'),
    validity: documentValidity('validity').notNull().default('valid'),
    topics: text('topics').array().notNull().default([]),
    region: text('region').notNull().default(''),
    tags: text('tags').array().notNull().default([]),
    summary: text('summary').notNull().default(''),
    published: boolean('published').notNull().default(true),
    /** The document this one replaces; the replaced one shows a link to its successor. */
    replacesId: uuid('replaces_id').references((): AnyPgColumn => documents.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by').references(() => users.id),
  },
  (t) => [index('documents_replaces_idx').on(t.replacesId)],
);

/** Every uploaded file of a document; the newest is the current one. */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    versionNo: integer('version_no').notNull(),
    /** Content address of the original file in storage. */
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    extractedText: text('extracted_text').notNull().default(''),
    textStatus: textStatus('text_status').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('document_versions_no_uq').on(t.documentId, t.versionNo)],
);

/** A group of words a search treats as one (医保 = 医疗保险). Edited by admins. */
export const synonymGroups = pgTable('synonym_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  terms: text('terms').array().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Changes waiting to reach Meilisearch, written in the same transaction as the change
 * itself; a worker applies them with retries, so PostgreSQL stays the truth.
 */
export const searchOutbox = pgTable(
  'search_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: outboxOp('op').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [index('search_outbox_pending_idx').on(t.processedAt, t.nextAttemptAt)],
);
