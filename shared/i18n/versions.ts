/** Strings of "what changed between versions": the `versions` section of vi.ts / en.ts. */

export const versionsVi = {
  title: 'Thay đổi so với phiên bản trước',
  /** Link on a document row and on a "new version" line of what changed. */
  open: 'Xem thay đổi',
  compared: 'Phiên bản {{to}} so với phiên bản {{from}}',
  count: 'Số chỗ thay đổi: {{count}}',
  none: 'Nội dung chữ của hai phiên bản giống nhau.',
  truncated: 'Hai phiên bản khác nhau quá nhiều: chỉ liệt kê {{count}} chỗ đầu tiên.',
  kind: {
    changed: 'Sửa đổi',
    added: 'Thêm mới',
    removed: 'Bị bỏ',
  },
  newPages: 'Trang {{pages}}',
  oldPages: 'bản trước: trang {{pages}}',
  removedAt: 'Vị trí trong bản mới: trang {{pages}}',
  before: 'Trước',
  after: 'Sau',
  jump: 'Đến chỗ này trong tài liệu',
  backToDocument: 'Đọc tài liệu',
  wait: {
    downloading: 'Đang tải phiên bản trước về máy…',
    reading: 'Đang đọc nội dung hai phiên bản…',
    offline: 'Phiên bản trước chưa có trên máy này và hiện không kết nối được máy chủ. Hãy thử lại khi có mạng.',
    unreadable: 'Không đọc được nội dung chữ của một phiên bản (có thể là bản quét không có lớp chữ), nên không so sánh được.',
    no_previous: 'Tài liệu chỉ có một phiên bản.',
  },
  /** The reader's margin marks. */
  margin: 'Đoạn đã thay đổi so với phiên bản trước',
  showInReader: 'Đánh dấu thay đổi',
  changeOf: 'Thay đổi {{index}}/{{total}}',
};

export const versionsEn: typeof versionsVi = {
  title: 'Changes from the previous version',
  open: 'See changes',
  compared: 'Version {{to}} compared with version {{from}}',
  count: 'Places changed: {{count}}',
  none: 'The text of both versions is the same.',
  truncated: 'The two versions differ too much: only the first {{count}} places are listed.',
  kind: {
    changed: 'Changed',
    added: 'Added',
    removed: 'Removed',
  },
  newPages: 'Page {{pages}}',
  oldPages: 'previous version: page {{pages}}',
  removedAt: 'Where it was in the new version: page {{pages}}',
  before: 'Before',
  after: 'After',
  jump: 'Go to this place in the document',
  backToDocument: 'Read the document',
  wait: {
    downloading: 'Downloading the previous version…',
    reading: 'Reading the text of both versions…',
    offline: 'The previous version is not on this computer and the server cannot be reached. Try again when you are online.',
    unreadable: 'The text of one version could not be read (perhaps a scan without a text layer), so they cannot be compared.',
    no_previous: 'The document has only one version.',
  },
  margin: 'Passage changed since the previous version',
  showInReader: 'Mark changes',
  changeOf: 'Change {{index}} of {{total}}',
};
