/** The certificate-name rule (server check of signing settings) and the device signing level. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateNamesPerson } from '../../shared/rules/certificate-name';
import { DeviceSettingsFile } from '../../electron/services/signing/device-settings';
import { isKnownModule } from '../../electron/services/signing/pkcs11-allow-list';

describe('certificateNamesPerson', () => {
  it('matches across Unicode forms, letter case and spacing', () => {
    expect(certificateNamesPerson('Trần Quốc Hưng'.normalize('NFD'), 'Trần Quốc Hưng')).toBe(true);
    expect(certificateNamesPerson('TRẦN QUỐC  HƯNG', 'Trần Quốc Hưng')).toBe(true);
    expect(certificateNamesPerson('ĐẶNG QUANG HUY', 'Đặng Quang Huy')).toBe(true);
  });
  it('keeps diacritics significant (different people)', () => {
    expect(certificateNamesPerson('Trần Quốc Hùng', 'Trần Quốc Hưng')).toBe(false);
    expect(certificateNamesPerson('Tran Quoc Hung', 'Trần Quốc Hưng')).toBe(false);
    expect(certificateNamesPerson('Dặng Quang Huy', 'Đặng Quang Huy')).toBe(false);
  });
  it('accepts an identifier after the name, not a longer name', () => {
    expect(certificateNamesPerson('Nguyễn Văn An - 001085012345', 'Nguyễn Văn An')).toBe(true);
    expect(certificateNamesPerson('Nguyễn Văn An (CMND 012345678)', 'Nguyễn Văn An')).toBe(true);
    expect(certificateNamesPerson('Nguyễn Văn Anh', 'Nguyễn Văn An')).toBe(false);
    expect(certificateNamesPerson('Nguyễn Văn An Khang', 'Nguyễn Văn An')).toBe(false);
    expect(certificateNamesPerson('Nguyễn Văn An', '')).toBe(false);
  });
});

describe('device signing settings', () => {
  it('B-B by default, B-T with a timestamp authority, B-LT when revocation data is to be embedded; an unreadable file gives the defaults', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecab-settings-'));
    try {
      const file = path.join(dir, 'signing-settings.json');
      const s = new DeviceSettingsFile(file);
      expect(s.levelOptions()).toEqual({ level: 'B-B' });
      await s.save({ embedRevocation: true });
      expect(s.levelOptions()).toEqual({ level: 'B-B' });
      await s.save({ tsaUrl: 'http://tsa.example.vn/', embedRevocation: false });
      expect(s.levelOptions()).toEqual({ level: 'B-T', tsaUrl: 'http://tsa.example.vn/' });
      await s.save({ embedRevocation: true });
      expect(s.levelOptions()).toEqual({ level: 'B-LT', tsaUrl: 'http://tsa.example.vn/' });
      writeFileSync(file, '{broken');
      expect(s.get()).toEqual({ tsaUrl: null, embedRevocation: false, confirmedModules: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('knows token drivers by file name only', () => {
    expect(isKnownModule('C:\\Windows\\System32\\viettel-ca_v6.dll')).toBe(true);
    expect(isKnownModule('/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so')).toBe(true);
    expect(isKnownModule('/tmp/evil/libsofthsm2.so')).toBe(false);
  });
});
