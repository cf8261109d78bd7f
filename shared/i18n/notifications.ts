/** Strings of desktop notifications and their setting: Vietnamese first. */
export const notificationsVi = {
  invitation: 'Giấy mời họp',
  vote: 'Biểu quyết đang mở',
  opinion: 'Xin ý kiến bằng văn bản',
  signature: 'Văn bản chờ ký',
  version: 'Tài liệu có phiên bản mới: xem thay đổi',
  prompt: 'Nhận thông báo trên màn hình khi có giấy mời họp, biểu quyết, xin ý kiến hoặc văn bản chờ ký?',
  enable: 'Bật thông báo',
  decline: 'Không nhận',
  setting: 'Thông báo trên màn hình',
  on: 'Thông báo: Bật',
  off: 'Thông báo: Tắt',
  blocked: 'Trình duyệt đang chặn thông báo của eCabinet: hãy cho phép trong phần cài đặt của trình duyệt.',
};

export const notificationsEn: typeof notificationsVi = {
  invitation: 'Meeting invitation',
  vote: 'A vote is open',
  opinion: 'Written opinion requested',
  signature: 'Document to sign',
  version: 'New version of a document: see what changed',
  prompt: 'Show desktop notifications for meeting invitations, votes, written opinion requests and documents to sign?',
  enable: 'Turn on notifications',
  decline: 'No thanks',
  setting: 'Desktop notifications',
  on: 'Notifications: on',
  off: 'Notifications: off',
  blocked: 'The browser blocks eCabinet notifications: allow them in the browser settings.',
};
