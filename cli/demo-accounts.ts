import { demoContent } from '../server/demo/content';

/** Prints the demo accounts (they are also listed in the README). */
export function printDemoAccounts(): void {
  console.log(`\nTài khoản mẫu / demo accounts (mật khẩu / password: ${demoContent.password}):`);
  for (const u of demoContent.users) console.log(`  ${u.username.padEnd(20)} ${u.role.padEnd(10)} ${u.fullName} — ${u.title}`);
  for (const o of demoContent.otherOrganisations ?? []) {
    console.log(`  ${o.organization.name}:`);
    for (const u of o.users) {
      const also = o.alsoInMain.find((m) => m.userKey === u.key);
      const main = also ? ` (${demoContent.organization.shortName}: ${also.role})` : '';
      console.log(`  ${u.username.padEnd(20)} ${u.role.padEnd(10)} ${u.fullName} — ${u.title}${main}`);
    }
  }
  console.log('');
}
