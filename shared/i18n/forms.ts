/** Strings of the form fields and their inline checks (dates, required fields, the secretariat's forms): Vietnamese first. */
export const formsVi = {
  date: {
    placeholderDay: 'dd/mm/yyyy',
    placeholderDateTime: 'dd/mm/yyyy hh:mm',
    hintDay: 'Ngày/tháng/năm, ví dụ 04/12/2026',
    hintDateTime: 'Ngày/tháng/năm giờ:phút (24 giờ), ví dụ 04/12/2026 14:30',
    invalidDay: 'Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 04/12/2026.',
    invalidDateTime: 'Thời gian không hợp lệ: nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 04/12/2026 14:30.',
    pick: 'Chọn trên lịch: {{field}}',
    hour: 'Giờ',
    minute: 'Phút',
    done: 'Chọn',
    required: 'Vui lòng nhập {{field}}.',
    endBeforeStart: 'Giờ kết thúc phải sau giờ bắt đầu.',
  },
  file: {
    choose: 'Chọn tệp…',
    chooseFor: 'Chọn tệp…: {{field}}',
    none: 'Chưa chọn tệp',
  },
  required: 'Vui lòng nhập {{field}}.',
  missing: 'Còn thiếu: {{fields}}.',
  documentTitle: 'Tên tài liệu',
  documentTitleHint: 'Lấy từ tên tệp; có thể sửa.',
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const formsEn: Shape<typeof formsVi> = {
  date: {
    placeholderDay: 'dd/mm/yyyy',
    placeholderDateTime: 'dd/mm/yyyy hh:mm',
    hintDay: 'Day/month/year, e.g. 04/12/2026',
    hintDateTime: 'Day/month/year hours:minutes (24-hour), e.g. 04/12/2026 14:30',
    invalidDay: 'Not a valid date: type day/month/year, e.g. 04/12/2026.',
    invalidDateTime: 'Not a valid date and time: type day/month/year hours:minutes, e.g. 04/12/2026 14:30.',
    pick: 'Pick on a calendar: {{field}}',
    hour: 'Hour',
    minute: 'Minute',
    done: 'Done',
    required: 'Please enter {{field}}.',
    endBeforeStart: 'The end must be after the start.',
  },
  file: {
    choose: 'Choose file…',
    chooseFor: 'Choose file…: {{field}}',
    none: 'No file chosen',
  },
  required: 'Please enter {{field}}.',
  missing: 'Missing: {{fields}}.',
  documentTitle: 'Document title',
  documentTitleHint: 'Taken from the file name; you can change it.',
};
