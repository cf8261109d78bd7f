import { demoContent } from '../server/demo/content';

/** Prints the demo accounts (they are also listed in the README). */
export function printDemoAccounts(): void {
  console.log(`\nTài khoản mẫu / demo accounts (mật khẩu / password: ${demoContent.password}):`);
  for (const u of demoContent.users) console.log(`  ${u.username.padEnd(20)} ${u.role.padEnd(10)} ${u.fullName} — ${u.title}`);
  console.log('');
}
