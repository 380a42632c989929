import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../lazy';

/** exceljs (about 37 MB resident once loaded), required on first use: `import ExcelJS from '…/platform/lazy-libs/exceljs'`. */
const ExcelJS = lazyRequire<typeof ExcelJSModule>('exceljs');
// The package's types, under the same name as with `import ExcelJS from 'exceljs'`.
declare namespace ExcelJS {
  export type CellValue = ExcelJSModule.CellValue;
  export type Workbook = ExcelJSModule.Workbook;
  export type Worksheet = ExcelJSModule.Worksheet;
  export type Row = ExcelJSModule.Row;
  export type Cell = ExcelJSModule.Cell;
}
export default ExcelJS;
