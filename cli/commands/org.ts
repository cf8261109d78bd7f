import path from 'node:path';
import { Role } from '../../shared/entities';
import { addOrganisation, addOrganisationMember, organisations } from '../../server/data-folder';
import { parse, requireString, UsageError } from '../args';

export const ORG_HELP = `ecabinet org add --data DIR --name "Tên đầy đủ" --short TÊN-NGẮN
ecabinet org list --data DIR
ecabinet org member add --data DIR --org TÊN-NGẮN|ID --username U --role ROLE

  add         Thêm một tổ chức (ủy ban, sở, phường) vào hệ thống.
              Adds an organisation (committee, department, ward) to the deployment.
  list        Liệt kê các tổ chức: mã, tên ngắn, tên, số thành viên.
              Lists the organisations: id, short name, name, number of members.
  member add  Cho một tài khoản có sẵn tham gia tổ chức với vai trò ở tổ chức đó (đổi vai trò nếu đã là thành viên).
              Makes an existing account a member of the organisation with a role there (changes it if already one).
              A new account joins one with: ecabinet user add … --org TÊN-NGẮN

  --role         admin | secretary | chair | member | guest

  Mã thoát / exit status: 0 xong / done, 1 lỗi / error (e.g. unknown organisation), 2 sai cú pháp / usage.`;

async function addCommand(rest: string[]): Promise<void> {
  const { values } = parse(rest, { data: { type: 'string' }, name: { type: 'string' }, short: { type: 'string' } });
  if (values.help) return void console.log(ORG_HELP);
  const o = await addOrganisation(path.resolve(requireString(values.data, '--data')), { name: requireString(values.name, '--name'), shortName: requireString(values.short, '--short') });
  console.log(`Đã thêm tổ chức / organisation added: ${o.shortName} (${o.name}) ${o.id}`);
}

async function listCommand(rest: string[]): Promise<void> {
  const { values } = parse(rest, { data: { type: 'string' } });
  if (values.help) return void console.log(ORG_HELP);
  for (const o of await organisations(path.resolve(requireString(values.data, '--data'))))
    console.log(`${o.id}  ${o.shortName}  ${o.name}  (${o.members} thành viên / members)`);
}

async function memberCommand(rest: string[]): Promise<void> {
  const [sub, ...more] = rest;
  if (sub !== 'add') throw new UsageError(`Lệnh con không rõ (unknown subcommand): member ${sub ?? ''}`);
  const { values } = parse(more, { data: { type: 'string' }, org: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' } });
  if (values.help) return void console.log(ORG_HELP);
  const role = Role.safeParse(values.role);
  if (!role.success) throw new UsageError(`--role phải là một trong (must be one of): ${Role.options.join(', ')}`);
  const org = requireString(values.org, '--org');
  const username = requireString(values.username, '--username');
  await addOrganisationMember(path.resolve(requireString(values.data, '--data')), { org, username, role: role.data });
  console.log(`Đã thêm thành viên / member added: ${username} → ${org} (${role.data})`);
}

export async function orgCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void console.log(ORG_HELP);
  if (sub === 'add') return addCommand(rest);
  if (sub === 'list') return listCommand(rest);
  if (sub === 'member') return memberCommand(rest);
  throw new UsageError(`Lệnh con không rõ (unknown subcommand): ${sub}`);
}
