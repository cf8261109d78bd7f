/**
 * One signature in its own process, as `ecabinet sign IN OUT --p12 FILE` does it: read the
 * PKCS#12 (password from $SIGN_PASSWORD), read the PDF, sign B-B invisibly, write atomically
 * (a kernel copy of the input, then the update). Loads only the signing library. Bundled and
 * started by bench/sign-speed.ts.
 */
import { readFile } from 'node:fs/promises';
import { openPkcs12Key } from '../../signing/keys/pkcs12-native';
import { signPdf } from '../../signing/pdf/sign-pdf';
import { readFileWithIdentity, writeCopyPlusTailAtomic, writeFileAtomic } from '../../signing/atomic-write';

async function main() {
  const [input, output, p12] = process.argv.slice(2);
  const reading = readFileWithIdentity(input);
  const key = await openPkcs12Key(await readFile(p12), process.env.SIGN_PASSWORD ?? '');
  const read = await reading;
  const result = await signPdf(read.bytes, { key });
  if (result.parts.length === 2 && result.parts[0] === read.bytes) await writeCopyPlusTailAtomic(output, { path: input, identity: read.identity }, result.parts[1]);
  else await writeFileAtomic(output, result.parts);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
