import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The law's list of what the commune discloses (grassroots-democracy law 2022, art. 11), as the
 * initial content of disclosure_categories; administrators edit, add and retire entries.
 * Permanent: art. 13 keeps the democracy rules and administrative procedures posted for good.
 */
export const LAW_CATEGORIES: Array<{ code: string; name: string; nameEn: string; permanent?: boolean }> = [
  { code: 'socio_economic_plan', name: 'Kế hoạch phát triển kinh tế - xã hội và kết quả thực hiện', nameEn: 'Socio-economic development plans and results' },
  { code: 'budget', name: 'Dự toán, quyết toán ngân sách', nameEn: 'Budget estimates and settlements' },
  { code: 'projects_land', name: 'Dự án, thu hồi đất, bồi thường, hỗ trợ, tái định cư', nameEn: 'Projects, land acquisition, compensation and resettlement' },
  { code: 'planning', name: 'Quy hoạch, kế hoạch sử dụng đất', nameEn: 'Planning and land-use plans' },
  { code: 'democracy_rules', name: 'Quy chế thực hiện dân chủ, nhiệm vụ của cán bộ, công chức', nameEn: "Democracy rules and officials' duties", permanent: true },
  { code: 'contributions', name: 'Huy động, quản lý và sử dụng các khoản đóng góp của Nhân dân', nameEn: "Funds raised from citizens and their use" },
  { code: 'public_assets', name: 'Quản lý, sử dụng tài sản công', nameEn: 'Public assets' },
  { code: 'social_support', name: 'Chính sách an sinh xã hội và danh sách đối tượng thụ hưởng', nameEn: 'Social-support policies and beneficiary lists' },
  { code: 'relief', name: 'Cứu trợ, hỗ trợ khắc phục thiên tai, dịch bệnh', nameEn: 'Disaster and epidemic relief' },
  { code: 'military_call_up', name: 'Danh sách công dân gọi nhập ngũ', nameEn: 'Military call-up lists' },
  { code: 'inspection_results', name: 'Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo', nameEn: 'Inspection, complaint and denunciation results' },
  { code: 'consultation_results', name: 'Kế hoạch và kết quả lấy ý kiến Nhân dân', nameEn: 'Consultation plans and results' },
  { code: 'fees', name: 'Phí, lệ phí', nameEn: 'Fees and charges' },
  { code: 'admin_procedures', name: 'Thủ tục hành chính', nameEn: 'Administrative procedures', permanent: true },
  { code: 'other', name: 'Nội dung khác theo quy định của pháp luật', nameEn: 'Other matters required by law' },
];

export const migrations: Record<string, Migration> = {
  '202611270600_disclosure_documents_consultations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('disclosure_categories')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('permanent', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db
        .insertInto('disclosure_categories')
        .values(LAW_CATEGORIES.map((c, i) => ({ code: c.code, name: c.name, name_en: c.nameEn, permanent: !!c.permanent, sort: (i + 1) * 10 })))
        .execute();

      await db.schema
        .createTable('documents')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('category_id', 'integer', (c) => c.notNull().references('disclosure_categories.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('doc_number', 'text')
        .addColumn('issued_on', 'date')
        .addColumn('posted_from', 'date')
        .addColumn('posted_until', 'date')
        .addColumn('forms', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published','withdrawn')`))
        .addColumn('search', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('map_layer', 'jsonb')
        .addColumn('map_layer_name', 'text')
        .addColumn('created_by', 'bigint')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('published_at', 'timestamptz')
        .addColumn('withdrawn_at', 'timestamptz')
        .addColumn('withdrawn_reason', 'text')
        .addCheckConstraint('documents_period', sql`posted_until is null or posted_from is null or posted_until >= posted_from`)
        .execute();
      await sql`create index documents_public on documents (status, unit_code, posted_from desc, id desc)`.execute(db);
      await db.schema.createIndex('documents_agency').on('documents').columns(['agency_id', 'updated_at']).execute();
      await db.schema.createIndex('documents_category').on('documents').columns(['category_id']).execute();
      await sql`create index documents_search_trgm on documents using gin (search gin_trgm_ops)`.execute(db);

      await db.schema
        .createTable('consultations')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('document_id', 'integer', (c) => c.notNull().unique().references('documents.id'))
        .addColumn('opens_on', 'date', (c) => c.notNull())
        .addColumn('closes_on', 'date', (c) => c.notNull())
        .addColumn('short_reason', 'text')
        .addColumn('created_by', 'bigint')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('opened_notified_at', 'timestamptz')
        .addColumn('reminder_sent_at', 'timestamptz')
        .addColumn('closed_at', 'timestamptz')
        .addColumn('report_intro', 'text')
        .addColumn('report_number', 'text')
        .addColumn('report_docx', 'bytea')
        .addColumn('report_pdf', 'bytea')
        .addColumn('report_published_at', 'timestamptz')
        .addColumn('report_published_by', 'bigint')
        .addCheckConstraint('consultations_window', sql`closes_on >= opens_on`)
        .execute();
      await sql`create index consultations_pending on consultations (closes_on) where report_published_at is null`.execute(db);

      await db.schema
        .createTable('consultation_sections')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('question', 'text')
        .execute();
      await db.schema.createIndex('consultation_sections_parent').on('consultation_sections').columns(['consultation_id', 'position']).execute();
    },
  },
};
