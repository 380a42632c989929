/** Messages of the file store (uploads and downloads). */
export const vi = {
  'files.error.type':
    'Tệp “{name}” không đúng định dạng cho phép ({allowed}). Hệ thống kiểm tra nội dung thật của tệp, không dựa vào tên hay phần mở rộng.',
  'files.error.tooLarge': 'Tệp “{name}” vượt quá dung lượng cho phép ({max}).',
  'files.error.corrupt': 'Không đọc được ảnh “{name}”: tệp bị hỏng hoặc không phải ảnh hợp lệ.',
  'files.error.empty': 'Tệp “{name}” trống.',
  'files.error.tooMany': 'Chỉ được đính kèm tối đa {max} tệp.',
};

export const en: Record<keyof typeof vi, string> = {
  'files.error.type':
    'The file “{name}” is not of an accepted type ({allowed}). Its real content is checked, not its name or extension.',
  'files.error.tooLarge': 'The file “{name}” is larger than allowed ({max}).',
  'files.error.corrupt': 'The image “{name}” cannot be read: it is damaged or not a valid image.',
  'files.error.empty': 'The file “{name}” is empty.',
  'files.error.tooMany': 'At most {max} files may be attached.',
};
