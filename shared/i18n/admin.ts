/** Strings of the administrator's screen and of retention on devices: the `admin` section of vi.ts / en.ts. */

export const adminVi = {
  nav: 'Quản trị',
  title: 'Quản trị tài khoản và thiết bị',
  users: 'Tài khoản',
  col: { user: 'Tài khoản', role: 'Vai trò', state: 'Trạng thái', devices: 'Thiết bị đang đăng nhập', actions: 'Thao tác' },
  active: 'Đang hoạt động',
  disabled: 'Đã vô hiệu hóa từ {{date}}',
  disable: 'Vô hiệu hóa',
  enable: 'Cho phép đăng nhập',
  showDevices: 'Xem thiết bị',
  you: '(đồng chí)',
  devicesOf: 'Thiết bị của {{name}}',
  noDevices: 'Tài khoản chưa đăng nhập trên thiết bị nào.',
  device: {
    unnamed: 'Thiết bị không tên',
    signedIn: 'Đăng nhập: {{date}}',
    lastSeen: 'Lần cuối: {{date}}',
    from: 'từ {{address}}',
    ends: 'Hết hạn phiên: {{date}}',
    open: 'Đang đăng nhập',
    ended: {
      logout: 'Đã đăng xuất {{date}}',
      reuse: 'Đã thu hồi do phát hiện lộ mã đăng nhập {{date}}',
      admin: 'Đã thu hồi {{date}}',
      disabled: 'Kết thúc do tài khoản bị vô hiệu hóa {{date}}',
    },
  },
  revoke: 'Thu hồi',
  revokeAll: 'Thu hồi tất cả thiết bị',
  revoked: 'Đã thu hồi {{count}} thiết bị. Thiết bị sẽ xóa dữ liệu của tài khoản ở lần kết nối tới.',
  retention: {
    title: 'Quy định lưu giữ tài liệu trên thiết bị',
    intro: 'Tài liệu được gỡ khỏi máy của người dùng sau số ngày kể từ khi cuộc họp kết thúc (để trống: giữ lại).',
    days: 'Số ngày sau khi họp',
    redownload: 'Cho phép tải lại khi có mạng',
    save: 'Lưu quy định',
    saved: 'Đã lưu; các thiết bị áp dụng ở lần đồng bộ tới.',
  },
};

export const adminEn: typeof adminVi = {
  nav: 'Administration',
  title: 'Accounts and devices',
  users: 'Accounts',
  col: { user: 'Account', role: 'Role', state: 'State', devices: 'Signed-in devices', actions: 'Actions' },
  active: 'Active',
  disabled: 'Disabled since {{date}}',
  disable: 'Disable',
  enable: 'Enable',
  showDevices: 'Devices',
  you: '(you)',
  devicesOf: 'Devices of {{name}}',
  noDevices: 'This account has not signed in on any device.',
  device: {
    unnamed: 'Unnamed device',
    signedIn: 'Signed in: {{date}}',
    lastSeen: 'Last seen: {{date}}',
    from: 'from {{address}}',
    ends: 'Session ends: {{date}}',
    open: 'Signed in',
    ended: {
      logout: 'Signed out {{date}}',
      reuse: 'Revoked after a stolen sign-in token was detected {{date}}',
      admin: 'Revoked {{date}}',
      disabled: 'Ended: account disabled {{date}}',
    },
  },
  revoke: 'Revoke',
  revokeAll: 'Revoke all devices',
  revoked: '{{count}} device(s) revoked. They erase the account\'s data on their next contact.',
  retention: {
    title: 'Retention of documents on devices',
    intro: 'Documents are removed from users\' devices this many days after the meeting ends (empty: kept).',
    days: 'Days after the meeting',
    redownload: 'May be downloaded again when online',
    save: 'Save the policy',
    saved: 'Saved; devices apply it at their next sync.',
  },
};

/** Retention as the reader sees it: the `retention` section. */
export const retentionVi = {
  willLeave: 'Sẽ gỡ khỏi máy ngày {{date}} theo quy định lưu giữ',
  removed: 'Đã gỡ khỏi máy theo quy định lưu giữ ngày {{date}}',
  redownload: 'Có thể tải lại để đọc khi có mạng.',
};
export const retentionEn: typeof retentionVi = {
  willLeave: 'Leaves this device on {{date}} under the retention policy',
  removed: 'Removed from this device under the retention policy on {{date}}',
  redownload: 'May be downloaded again to read when online.',
};

/** Why the sign-in form is shown again: the `sessionEnded` section. */
export const sessionEndedVi = {
  device_revoked: 'Quản trị viên đã thu hồi quyền truy cập của thiết bị này. Dữ liệu của tài khoản trên máy đã được xóa.',
  session_expired: 'Phiên đăng nhập đã quá thời hạn tối đa. Vui lòng đăng nhập lại.',
};
export const sessionEndedEn: typeof sessionEndedVi = {
  device_revoked: 'The administrator revoked this device. The account\'s data on this computer has been erased.',
  session_expired: 'The session reached its maximum lifetime. Please sign in again.',
};
