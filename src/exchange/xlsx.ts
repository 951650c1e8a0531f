import type ExcelJS from 'exceljs';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** exceljs costs ~30 MB when loaded: only a process that reads or writes a workbook pays for it. */
export async function laadExcelJS(): Promise<typeof ExcelJS> {
  const module = (await import('exceljs')) as typeof ExcelJS & { default?: typeof ExcelJS };
  return module.default ?? module;
}
