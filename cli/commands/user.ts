import path from 'node:path';
import { Role } from '../../shared/entities';
import { addUser } from '../../server/index';
import { parse, requireString, UsageError } from '../args';

export const USER_HELP = `ecabinet user add --data DIR --username U --name "Họ và tên" --role ROLE --password-env VAR [--title "Chức vụ"]

  Thêm tài khoản. Mật khẩu được đọc từ biến môi trường VAR, không bao giờ từ dòng lệnh.
  Adds an account. The password is read from environment variable VAR, never from the command line.

  --role         admin | secretary | chair | member | guest`;

export async function userCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void console.log(USER_HELP);
  if (sub !== 'add') throw new UsageError(`Lệnh con không rõ (unknown subcommand): ${sub}`);
  const { values } = parse(rest, {
    data: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    title: { type: 'string' },
    'password-env': { type: 'string' },
  });
  if (values.help) return void console.log(USER_HELP);
  const role = Role.safeParse(values.role);
  if (!role.success) throw new UsageError(`--role phải là một trong (must be one of): ${Role.options.join(', ')}`);
  const varName = requireString(values['password-env'], '--password-env');
  const password = process.env[varName];
  if (!password) throw new UsageError(`Biến môi trường ${varName} trống hoặc chưa đặt (environment variable ${varName} is empty or unset)`);
  const user = await addUser(path.resolve(requireString(values.data, '--data')), {
    username: requireString(values.username, '--username'),
    fullName: requireString(values.name, '--name'),
    role: role.data,
    password,
    title: values.title,
  });
  console.log(`Đã thêm tài khoản / account added: ${user.username} (${user.fullName}, ${user.role})`);
}
