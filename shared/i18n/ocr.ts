/** Strings of text recognition (OCR) of scanned PDFs, shown to the secretariat: Vietnamese first. */
export const ocrVi = {
  state: {
    queued: 'Chờ nhận dạng chữ (OCR)',
    running: 'Đang nhận dạng chữ (OCR): trang {{done}}/{{total}}',
    done: 'Đã nhận dạng chữ (OCR) {{total}} trang quét',
    not_needed: 'Có sẵn lớp chữ, không cần nhận dạng',
    failed: 'Không nhận dạng được chữ (OCR): {{reason}}',
  },
  reason: {
    timeout: 'quá thời gian cho phép',
    unreadable: 'không đọc được tệp PDF',
    ocr_unavailable: 'máy chủ chưa cài Tesseract (tiếng Việt)',
  },
  note: 'Bản quét gốc được giữ nguyên (kể cả chữ ký số); chữ nhận dạng được lưu riêng để tìm kiếm.',
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const ocrEn: Shape<typeof ocrVi> = {
  state: {
    queued: 'Waiting for text recognition (OCR)',
    running: 'Recognising text (OCR): page {{done}}/{{total}}',
    done: 'Text recognised (OCR) on {{total}} scanned pages',
    not_needed: 'Has a text layer, no recognition needed',
    failed: 'Text could not be recognised (OCR): {{reason}}',
  },
  reason: {
    timeout: 'it took longer than allowed',
    unreadable: 'the PDF could not be read',
    ocr_unavailable: 'Tesseract (Vietnamese) is not installed on the server',
  },
  note: 'The original scan is kept unchanged (digital signatures included); the recognised text is stored beside it for search.',
};
