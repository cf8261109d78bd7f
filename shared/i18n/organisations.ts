/** Strings of several organisations in one deployment: the `organisations` section of vi.ts / en.ts. */
export const organisationsVi = {
  roleIn: '{{org}}: {{role}}',
  newMeetingIn: 'Tạo cuộc họp mới cho tổ chức',
  admin: {
    title: 'Các tổ chức trong hệ thống',
    intro: 'Chỉ quản trị viên của toàn hệ thống thấy mục này. Mọi thay đổi đều được ghi vào nhật ký.',
    name: 'Tên đầy đủ',
    shortName: 'Tên ngắn',
    members: 'Thành viên',
    add: 'Thêm tổ chức',
    added: 'Đã thêm tổ chức {{name}}.',
    memberTitle: 'Thêm người vào tổ chức',
    organisation: 'Tổ chức',
    username: 'Tên đăng nhập',
    role: 'Vai trò ở tổ chức này',
    addMember: 'Thêm thành viên',
    memberAdded: 'Đã thêm {{username}} vào {{org}} với vai trò {{role}}.',
  },
};

export const organisationsEn: typeof organisationsVi = {
  roleIn: '{{org}}: {{role}}',
  newMeetingIn: 'New meeting for the organisation',
  admin: {
    title: 'Organisations of the deployment',
    intro: 'Only the administrator of the whole deployment sees this. Every change is recorded in the audit log.',
    name: 'Full name',
    shortName: 'Short name',
    members: 'Members',
    add: 'Add organisation',
    added: 'Organisation {{name}} added.',
    memberTitle: 'Add a person to an organisation',
    organisation: 'Organisation',
    username: 'Username',
    role: 'Role in this organisation',
    addMember: 'Add member',
    memberAdded: '{{username}} added to {{org}} as {{role}}.',
  },
};
