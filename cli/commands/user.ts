import type { DeviceSession } from '../../shared/admin';
import { Role } from '../../shared/entities';
import { vietnamDateTime } from '../../shared/time/vietnam-time';
import { addUser } from '../../server/data-folder';
import { storageFrom, WHERE, WHERE_OPTIONS } from '../storage-option';
import { revokeUserSessions, setUserDisabled, userSessions } from '../../server/admin/data-dir';
import { parse, requireString, UsageError } from '../args';

export const USER_HELP = `ecabinet user add ${WHERE} --username U --name "Họ và tên" --role ROLE --password-env VAR [--title "Chức vụ"] [--org TÊN-NGẮN]
ecabinet user disable ${WHERE} <username>
ecabinet user enable ${WHERE} <username>
ecabinet user sessions ${WHERE} <username>
ecabinet user revoke ${WHERE} <username> (--session ID | --all)

  add       Thêm tài khoản. Mật khẩu được đọc từ biến môi trường VAR, không bao giờ từ dòng lệnh.
            Adds an account. The password is read from environment variable VAR, never from the command line.
  disable   Vô hiệu hóa tài khoản: không đăng nhập được nữa, mọi thiết bị đang đăng nhập bị đăng xuất
            và xóa dữ liệu của tài khoản ở lần kết nối tới.
            Disables the account: it cannot sign in; every signed-in device is signed out and erases
            the account's data on its next contact with the server.
  enable    Cho phép tài khoản đăng nhập lại. / Lets the account sign in again.
  sessions  Liệt kê thiết bị (phiên đăng nhập): tên, hệ điều hành, lúc đăng nhập, lần cuối thấy, địa chỉ.
            Lists the account's devices (sessions): name, platform, signed in, last seen, address.
  revoke    Thu hồi một thiết bị (--session ID, xem "sessions") hoặc tất cả (--all); thiết bị bị thu hồi
            xóa dữ liệu của tài khoản ở lần kết nối tới.
            Revokes one device (--session ID, see "sessions") or all (--all); a revoked device erases
            the account's data on its next contact.

  --role         admin | secretary | chair | member | guest (vai trò ở tổ chức / the role in the organisation)
  --org          tổ chức của tài khoản (mặc định: tổ chức đầu tiên); thêm tổ chức khác: ecabinet org member add
                 the account's organisation (default: the first one); more: ecabinet org member add

  Mã thoát / exit status: 0 xong / done, 1 lỗi / error (e.g. unknown account), 2 sai cú pháp / usage.`;

const STATE: Record<NonNullable<DeviceSession['revokedReason']>, string> = {
  logout: 'đã đăng xuất / signed out',
  reuse: 'thu hồi do lộ mã / revoked: token reuse',
  admin: 'đã thu hồi / revoked',
  disabled: 'tài khoản bị vô hiệu hóa / account disabled',
};

function printSessions(sessions: DeviceSession[]): void {
  if (sessions.length === 0) return void console.log('Chưa có thiết bị nào / no devices.');
  for (const s of sessions) {
    const state = s.revokedReason ? `${STATE[s.revokedReason]} ${vietnamDateTime(s.revokedAt!)}` : 'đang đăng nhập / signed in';
    console.log(
      [
        s.id,
        `  ${s.deviceName || '(không tên / unnamed)'}${s.platform ? ` — ${s.platform}` : ''}`,
        `  đăng nhập / signed in: ${vietnamDateTime(s.createdAt)}; lần cuối / last seen: ${vietnamDateTime(s.lastSeenAt)}${s.address ? ` từ / from ${s.address}` : ''}`,
        `  hết hạn / ends: ${vietnamDateTime(s.expiresAt)}; ${state}`,
      ].join('\n'),
    );
  }
}

async function addCommand(rest: string[]): Promise<void> {
  const { values } = parse(rest, {
    ...WHERE_OPTIONS,
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    title: { type: 'string' },
    org: { type: 'string' },
    'password-env': { type: 'string' },
  });
  if (values.help) return void console.log(USER_HELP);
  const role = Role.safeParse(values.role);
  if (!role.success) throw new UsageError(`--role phải là một trong (must be one of): ${Role.options.join(', ')}`);
  const varName = requireString(values['password-env'], '--password-env');
  const password = process.env[varName];
  if (!password) throw new UsageError(`Biến môi trường ${varName} trống hoặc chưa đặt (environment variable ${varName} is empty or unset)`);
  const user = await addUser(storageFrom(values), {
    username: requireString(values.username, '--username'),
    fullName: requireString(values.name, '--name'),
    role: role.data,
    password,
    title: values.title,
    org: values.org,
  });
  console.log(`Đã thêm tài khoản / account added: ${user.username} (${user.fullName}, ${user.role})`);
}

/** disable | enable | sessions | revoke: one account named by a positional username. */
async function accountCommand(sub: 'disable' | 'enable' | 'sessions' | 'revoke', rest: string[]): Promise<void> {
  const { values, positionals } = parse(rest, { ...WHERE_OPTIONS, session: { type: 'string' }, all: { type: 'boolean' } });
  if (values.help) return void console.log(USER_HELP);
  const storage = storageFrom(values);
  if (positionals.length !== 1) throw new UsageError('Cần đúng một tên đăng nhập (exactly one username is needed)');
  const username = positionals[0];
  if (sub !== 'revoke' && (values.session !== undefined || values.all)) throw new UsageError('--session và --all chỉ dùng với "revoke" (only with "revoke")');
  if (sub === 'disable' || sub === 'enable') {
    const { endedSessions } = await setUserDisabled(storage, username, sub === 'disable');
    return void console.log(
      sub === 'disable'
        ? `Đã vô hiệu hóa tài khoản / account disabled: ${username} (${endedSessions.length} thiết bị bị đăng xuất / devices signed out)`
        : `Đã cho phép đăng nhập lại / account enabled: ${username}`,
    );
  }
  if (sub === 'sessions') return printSessions((await userSessions(storage, username)).sessions);
  if ((values.session === undefined) === !values.all) throw new UsageError('Cần --session ID hoặc --all, không cả hai (give --session ID or --all, not both)');
  const revoked = await revokeUserSessions(storage, username, values.all ? { all: true } : { sessionId: values.session! });
  console.log(`Đã thu hồi / revoked: ${revoked.length} thiết bị / devices of ${username}`);
}

export async function userCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void console.log(USER_HELP);
  if (sub === 'add') return addCommand(rest);
  if (sub === 'disable' || sub === 'enable' || sub === 'sessions' || sub === 'revoke') return accountCommand(sub, rest);
  throw new UsageError(`Lệnh con không rõ (unknown subcommand): ${sub}`);
}
