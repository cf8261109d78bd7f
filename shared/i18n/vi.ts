/** Vietnamese: the first language. Every key here exists in en.ts too (a test checks it). */
export const vi = {
  errors: {
    bad_request: 'Yêu cầu không hợp lệ.',
    validation_failed: 'Dữ liệu không hợp lệ.',
    unauthenticated: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
    invalid_credentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    account_locked: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau {{minutes}} phút.',
    token_expired: 'Phiên làm việc đã hết hạn.',
    forbidden: 'Bạn không có quyền thực hiện thao tác này.',
    not_found: 'Không tìm thấy dữ liệu.',
    conflict: 'Dữ liệu đã bị người khác thay đổi.',
    cursor_expired: 'Dữ liệu đồng bộ đã cũ, đang tải lại toàn bộ.',
    payload_too_large: 'Tệp quá lớn.',
    not_pdf: 'Chỉ chấp nhận tệp PDF.',
    hash_mismatch: 'Tệp bị hỏng trong quá trình truyền (mã băm không khớp).',
    range_not_satisfiable: 'Phạm vi tải không hợp lệ.',
    rate_limited: 'Quá nhiều yêu cầu. Vui lòng thử lại sau.',
    offline: 'Đang ngoại tuyến: không kết nối được máy chủ.',
    server_unreachable: 'Không kết nối được máy chủ.',
    blob_corrupt: 'Tệp trong bộ nhớ đệm bị hỏng; đang tải lại.',
    not_signed_in: 'Bạn chưa đăng nhập.',
    internal: 'Đã xảy ra lỗi. Vui lòng thử lại.',
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
/** The shape every other language must match. */
export type Messages = Shape<typeof vi>;
