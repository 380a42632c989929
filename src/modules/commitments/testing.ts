/** Test fixtures of the commitments module: a valid input (override what the test is about). */
import { CHIENG_COI } from '../petitions/testing';

let n = 0;

export function commitmentInput(agencyId: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    source: { kind: 'reception_case', refId: `test-${n}`, href: `/tiep-cong-dan/so/test-${n}`, label: 'Tiếp công dân định kỳ ngày 05/11/2026' },
    unitCode: CHIENG_COI,
    promisedBy: { name: 'Lường Văn Thắng', title: 'Chủ tịch UBND phường Chiềng Cơi' },
    agencyId,
    deadlineWorkingDays: 10,
    text: 'Khảo sát, sửa chữa tuyến mương thủy lợi bản Hài trước mùa mưa năm 2027.',
    ...over,
  };
}
