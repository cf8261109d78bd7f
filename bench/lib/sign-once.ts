/**
 * One signature in its own process, as `ecabinet sign IN OUT --p12 FILE` does it: read the
 * PKCS#12 (password from $SIGN_PASSWORD), sign B-B invisibly (the PDF read in the parts the
 * signature touches and hashed by streaming), write atomically (a kernel copy of the input, then
 * the update). Loads only the signing library. Bundled and
 * started by bench/sign-speed.ts.
 */
import { readFile } from 'node:fs/promises';
import { openPkcs12Key } from '../../signing/keys/pkcs12-native';
import { signPdfFile } from '../../signing/pdf/sign-pdf';
import { writeCopyPlusTailAtomic, writeFileAtomic } from '../../signing/atomic-write';

async function main() {
  const [input, output, p12] = process.argv.slice(2);
  const key = await openPkcs12Key(await readFile(p12), process.env.SIGN_PASSWORD ?? '');
  const result = await signPdfFile(input, { key });
  if (result.kind === 'appended') await writeCopyPlusTailAtomic(output, result.input, result.tail);
  else await writeFileAtomic(output, result.parts);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
