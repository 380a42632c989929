import type { OpenApiFragment } from '../../platform/module';
import { KINDS, QUESTION_LEVELS, QUESTION_STATES, REASONS, STATES } from './model';
import { ACTIONS } from './state-machine';

const problem = { $ref: '#/components/responses/Problem' };
const TAG = 'conferences';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const unitParam = { name: 'unit', in: 'query', schema: { type: 'string', pattern: '^\\d{2}(\\d{3})?$' }, description: 'Mã xã, phường; mã tỉnh: mọi xã, phường của tỉnh' };
/** The conferences' starting days, civil days of Vietnam, both included. */
const dayParams = [
  { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Bắt đầu từ ngày (giờ Việt Nam)' },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Bắt đầu đến hết ngày (không trước from)' },
];
const errors = { '401': problem, '403': problem, '404': problem, '409': problem, '422': problem };

const op = (summary: string, extra: Record<string, unknown> = {}) => ({ tags: [TAG], summary, responses: { '200': json(ref('Conference')), ...errors }, ...extra });

export const conferenceOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Hội nghị đối thoại: kế hoạch, thông báo, đăng ký, câu hỏi, phiên trực tiếp, biên bản và thông báo kết luận' }],
  schemas: {
    ConferenceInput: {
      type: 'object',
      required: ['unitCode', 'agencyId', 'kind', 'title', 'chairs', 'date', 'startTime', 'endTime', 'capacity'],
      properties: {
        unitCode: { type: 'string', example: '03670' },
        agencyId: { type: 'integer', description: 'Cơ quan tổ chức (thuộc đơn vị)' },
        kind: { type: 'string', enum: [...KINDS] },
        reason: { type: 'string', enum: [...REASONS] },
        reasonText: { type: 'string', description: 'Bắt buộc với hội nghị đột xuất' },
        votersTotal: { type: 'integer' },
        requestersCount: { type: 'integer', description: 'Cử tri đề nghị (≥ ngưỡng % trong cài đặt)' },
        title: { type: 'string' },
        description: { type: 'string' },
        chairs: { type: 'array', items: { type: 'object', required: ['userId', 'title'], properties: { userId: { type: 'integer' }, title: { type: 'string' } } } },
        agencies: { type: 'array', items: { type: 'integer' } },
        invited: { type: 'string' },
        venue: { type: 'string' },
        onlineUrl: { type: 'string', format: 'uri' },
        date: { type: 'string', format: 'date' },
        startTime: { type: 'string', pattern: '^\\d\\d:\\d\\d$', description: 'Giờ Việt Nam (Asia/Ho_Chi_Minh)' },
        endTime: { type: 'string', pattern: '^\\d\\d:\\d\\d$' },
        capacity: { type: 'integer', minimum: 1 },
        agenda: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, minutes: { type: 'integer' } } } },
        topicIds: { type: 'array', items: { type: 'integer' }, description: 'Chủ đề từ hồ sơ tổng hợp' },
      },
    },
    Conference: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        unitCode: { type: 'string' },
        title: { type: 'string' },
        kind: { type: 'string', enum: [...KINDS] },
        status: { type: 'string', enum: [...STATES] },
        statusReason: { type: ['string', 'null'] },
        shortNoticeReason: { type: ['string', 'null'], description: 'Lý do thông báo ngắn hơn quy định' },
        chairs: { type: 'array', items: { type: 'object', properties: { userId: { type: 'integer' }, name: { type: 'string' }, title: { type: 'string' }, agencyId: { type: 'integer' } } } },
        venue: { type: ['string', 'null'] },
        onlineUrl: { type: ['string', 'null'] },
        startsAt: { type: 'string', format: 'date-time' },
        endsAt: { type: 'string', format: 'date-time' },
        capacity: { type: 'integer' },
        registrationClosesAt: { type: 'string', format: 'date-time' },
        questionsCloseAt: { type: 'string', format: 'date-time' },
        sequence: { type: 'integer', description: 'SEQUENCE của tệp .ics' },
        eventSeq: { type: 'integer', description: 'Số sự kiện trực tiếp cuối cùng' },
      },
    },
    Registration: {
      type: 'object',
      properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, status: { type: 'string', enum: ['registered', 'waitlisted', 'cancelled'] }, checkedInAt: { type: ['string', 'null'], format: 'date-time' } },
    },
    Question: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        origin: { type: 'string', enum: ['advance', 'floor'] },
        askerName: { type: 'string' },
        askerVillage: { type: ['string', 'null'] },
        content: { type: 'string' },
        status: { type: 'string', enum: [...QUESTION_STATES] },
        level: { type: 'string', enum: [...QUESTION_LEVELS] },
        answeredByName: { type: ['string', 'null'] },
        answeredByTitle: { type: ['string', 'null'] },
        answer: { type: ['string', 'null'] },
        commitmentText: { type: ['string', 'null'] },
        commitmentAgencyId: { type: ['integer', 'null'] },
        commitmentDeadline: { type: ['string', 'null'], format: 'date' },
      },
    },
    LiveEvent: {
      type: 'object',
      properties: { seq: { type: 'integer' }, kind: { type: 'string', enum: ['status', 'item', 'current', 'queued', 'answered', 'deferred', 'queue', 'details'] }, payload: { type: 'object' }, at: { type: 'string', format: 'date-time' } },
    },
  },
  paths: {
    '/api/v1/conferences': {
      get: {
        tags: [TAG],
        summary: 'Hội nghị sắp diễn ra hoặc đã diễn ra',
        parameters: [
          { name: 'when', in: 'query', schema: { type: 'string', enum: ['upcoming', 'past'] } },
          unitParam,
          { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Không phân biệt dấu' },
          ...dayParams,
          { name: 'state', in: 'query', schema: { type: 'string', enum: ['held'] }, description: 'Chỉ hội nghị đã tổ chức (kể cả đã công bố kết quả, đã kết thúc)' },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Conference') }, hasMore: { type: 'boolean' } } }), '422': problem },
      },
      post: op('Lập hội nghị (dự thảo)', { requestBody: body(ref('ConferenceInput')), responses: { '201': json(ref('Conference'), 'Created'), ...errors } }),
    },
    '/api/v1/conference-questions': {
      get: {
        tags: [TAG],
        summary: 'Câu hỏi tại các hội nghị: công khai các câu đã đưa ra hội trường; người tổ chức và cấp trên thấy mọi câu hỏi của hội nghị mình',
        parameters: [
          unitParam,
          ...dayParams,
          { name: 'status', in: 'query', schema: { type: 'string', enum: QUESTION_STATES.filter((s) => s !== 'merged') } },
          { name: 'level', in: 'query', schema: { type: 'string', enum: [...QUESTION_LEVELS] } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, hasMore: { type: 'boolean' } } }), '422': problem },
      },
    },
    '/api/v1/conferences/{id}': {
      get: op('Một hội nghị (chương trình, câu hỏi đã trả lời, số đăng ký)', { parameters: [idPath] }),
      put: op('Sửa hội nghị (trước khi khai mạc; đã thông báo thì SEQUENCE tăng và người đăng ký được báo)', { parameters: [idPath], requestBody: body(ref('ConferenceInput')) }),
    },
    '/api/v1/conferences/{id}/transitions': {
      post: op('Chuyển trạng thái: phê duyệt, thông báo, khai mạc, bế mạc, công bố kết quả, kết thúc, hủy, hoãn', {
        parameters: [idPath],
        requestBody: body({ type: 'object', required: ['action'], properties: { action: { type: 'string', enum: [...ACTIONS] }, reason: { type: 'string' }, shortNoticeReason: { type: 'string' } } }),
      }),
    },
    '/api/v1/conferences/{id}/registrations': {
      post: {
        tags: [TAG],
        summary: 'Đăng ký tham dự (có hoặc không có tài khoản); quá số chỗ vào danh sách chờ',
        parameters: [idPath],
        requestBody: body({ type: 'object', required: ['name', 'phone'], properties: { name: { type: 'string' }, phone: { type: 'string' }, village: { type: 'string' } } }),
        responses: { '201': json(ref('Registration'), 'Created'), ...errors },
      },
      get: { tags: [TAG], summary: 'Danh sách đăng ký (cán bộ tổ chức)', parameters: [idPath], responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Registration') } } }), ...errors } },
    },
    '/api/v1/conference-registrations/{code}': {
      delete: {
        tags: [TAG],
        summary: 'Hủy đăng ký (chủ đăng ký, cán bộ tổ chức, hoặc mã + số điện thoại); người đầu danh sách chờ được chuyển lên',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }, { name: 'phone', in: 'query', schema: { type: 'string' } }],
        responses: { '200': json(ref('Registration')), ...errors },
      },
    },
    '/api/v1/conferences/{id}/checkins': {
      post: { tags: [TAG], summary: 'Điểm danh tại cửa bằng mã đăng ký', parameters: [idPath], requestBody: body({ type: 'object', properties: { code: { type: 'string' } } }), responses: { '200': json(ref('Registration')), ...errors } },
    },
    '/api/v1/conferences/{id}/questions': {
      post: {
        tags: [TAG],
        summary: 'Gửi câu hỏi trước hội nghị (có thể gắn với kiến nghị của mình)',
        parameters: [idPath],
        requestBody: body({ type: 'object', required: ['content'], properties: { content: { type: 'string' }, askerVillage: { type: 'string' }, petitionId: { type: 'integer' } } }),
        responses: { '201': json(ref('Question'), 'Created'), ...errors },
      },
    },
    '/api/v1/conferences/{id}/floor-questions': {
      post: {
        tags: [TAG],
        summary: 'Thư ký nhập ý kiến tại hội trường',
        parameters: [idPath],
        requestBody: body({ type: 'object', required: ['askerName', 'content'], properties: { askerName: { type: 'string' }, askerVillage: { type: 'string' }, content: { type: 'string' } } }),
        responses: { '201': json(ref('Question'), 'Created'), ...errors },
      },
    },
    '/api/v1/conference-questions/{id}': {
      patch: {
        tags: [TAG],
        summary: 'Sắp xếp vào chương trình, giao cơ quan chuẩn bị trả lời, phân cấp thẩm quyền',
        parameters: [idPath],
        requestBody: body({ type: 'object', properties: { agendaItemId: { type: 'integer' }, position: { type: 'integer' }, level: { type: 'string', enum: [...QUESTION_LEVELS] }, assignedAgencyId: { type: 'integer' }, preparedAnswer: { type: 'string' } } }),
        responses: { '200': json(ref('Question')), ...errors },
      },
    },
    '/api/v1/conference-questions/{id}/merge': { post: { tags: [TAG], summary: 'Gộp câu hỏi trùng', parameters: [idPath], requestBody: body({ type: 'object', properties: { into: { type: 'integer' } } }), responses: { '200': json(ref('Question')), ...errors } } },
    '/api/v1/conference-questions/{id}/current': { post: { tags: [TAG], summary: 'Đưa câu hỏi ra hội trường', parameters: [idPath], responses: { '200': json(ref('Question')), ...errors } } },
    '/api/v1/conference-questions/{id}/answer': {
      post: {
        tags: [TAG],
        summary: 'Ghi người trả lời, nội dung trả lời và cam kết',
        parameters: [idPath],
        requestBody: body({
          type: 'object',
          required: ['answeredByName', 'answeredByTitle', 'answer'],
          properties: { answeredByName: { type: 'string' }, answeredByTitle: { type: 'string' }, answer: { type: 'string' }, commitmentText: { type: 'string' }, commitmentAgencyId: { type: 'integer' }, commitmentDeadline: { type: 'string', format: 'date' } },
        }),
        responses: { '200': json(ref('Question')), ...errors },
      },
    },
    '/api/v1/conference-questions/{id}/defer': { post: { tags: [TAG], summary: 'Chưa trả lời tại hội nghị (trả lời bằng văn bản)', parameters: [idPath], responses: { '200': json(ref('Question')), ...errors } } },
    '/api/v1/conferences/{id}/petitions': { post: { tags: [TAG], summary: 'Chuyển các ý kiến chưa trả lời thành kiến nghị của cơ quan có thẩm quyền', parameters: [idPath], responses: { '200': json({ type: 'object', properties: { created: { type: 'integer' } } }), ...errors } } },
    '/api/v1/conferences/{id}/events': {
      get: {
        tags: [TAG],
        summary: 'Sự kiện của phiên trực tiếp sau số `after`',
        parameters: [idPath, { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } }],
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('LiveEvent') } } }), '404': problem },
      },
    },
    '/api/v1/conferences/{id}/events/stream': {
      get: {
        tags: [TAG],
        summary: 'Phiên trực tiếp dạng server-sent events; gửi lại Last-Event-ID để tiếp tục không mất sự kiện',
        parameters: [idPath, { name: 'Last-Event-ID', in: 'header', schema: { type: 'integer' } }],
        responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, '404': problem },
      },
    },
    '/api/v1/conferences/{id}/documents/{kind}': {
      patch: {
        tags: [TAG],
        summary: 'Sửa dự thảo biên bản / thông báo kết luận (văn bản đã ban hành không sửa được)',
        parameters: [idPath, { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['minutes', 'conclusion'] } }],
        requestBody: body({ type: 'object', properties: { intro: { type: 'string' }, proceedings: { type: 'string' }, closing: { type: 'string' }, conclusions: { type: 'string' }, recipients: { type: 'string' }, secretary: { type: 'string' }, attendeesCount: { type: 'integer' }, attendeeGroups: { type: 'string' } } }),
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/api/v1/conferences/{id}/documents/{kind}/issue': {
      post: { tags: [TAG], summary: 'Ban hành (đánh số theo cơ quan ban hành và năm, tạo DOCX và PDF)', parameters: [idPath, { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['minutes', 'conclusion'] } }], responses: { '200': json({ type: 'object' }), ...errors } },
    },
    '/api/v1/conferences/{id}/report': { post: { tags: [TAG], summary: 'Gửi báo cáo hội nghị lên cấp trên', parameters: [idPath], responses: { '204': { description: 'Sent' }, ...errors } } },
    '/api/v1/conferences/{id}/report/acknowledge': { post: { tags: [TAG], summary: 'Cấp trên xác nhận đã nhận báo cáo', parameters: [idPath], responses: { '204': { description: 'Acknowledged' }, ...errors } } },
  },
};
