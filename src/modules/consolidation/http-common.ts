import type { FastifyRequest } from 'fastify';
import type { Translate } from '../../platform/i18n/i18n';
import { HttpError } from '../../platform/http/errors';
import { RowsRefused, type RowError } from './service/gatherings';

/** The Vietnamese header of each column of the form and the import file. */
export const COLUMN_LABEL: Record<RowError['column'], string> = {
  text: 'consolidation.column.text',
  peopleCount: 'consolidation.column.peopleCount',
  village: 'consolidation.column.village',
  name: 'consolidation.column.name',
  phone: 'consolidation.column.phone',
  kind: 'consolidation.column.kind',
};

export function rowMessages(t: Translate, e: RowsRefused) {
  return e.errors.map((r) => ({ row: r.row, column: r.column, columnName: t(COLUMN_LABEL[r.column]), message: t(r.message, r.params) }));
}

/** A refused batch as problem+json: 422 with every bad row (row number, column, Vietnamese message). */
export function rowsProblem(req: FastifyRequest, e: RowsRefused): HttpError {
  return new HttpError(422, 'consolidation.error.rows', { count: e.errors.length }, { rows: rowMessages(req.t, e) });
}

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
