import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid } from './checksums.js';
import { detectEmails } from './email-detector.js';
import { detectNationalIds } from './national-id-detector.js';
import { createOrganisationDetector } from './organisation-detector.js';
import { detectPaymentCards } from './payment-card-detector.js';
import { detectPhones } from './phone-detector.js';
import type { TextMatch } from './pii-finding.js';

const texts = (text: string, matches: readonly TextMatch[]) => matches.map((m) => text.slice(m.start, m.end));

describe('detectEmails', () => {
  it.each([
    ['write to jo.doe+cti@mail.example.co.uk today', 'jo.doe+cti@mail.example.co.uk'],
    ['<alice@example.org>', 'alice@example.org'],
  ])('finds the address in %j', (text, expected) => {
    expect(texts(text, detectEmails(text))).toEqual([expected]);
  });
  it.each(['a@b', 'user@localhost', 'x@y.z1', 'no at sign here', '@example.com'])(
    'finds nothing in %j',
    (text) => {
      expect(detectEmails(text)).toEqual([]);
    },
  );
});

describe('detectPhones', () => {
  it.each([
    ['call +44 20 7946 0958 now', '+44 20 7946 0958'],
    ['+1 (555) 123-4567', '+1 (555) 123-4567'],
    ['+33612345678', '+33612345678'],
    ['tel 555-123-4567.', '555-123-4567'],
    ['(555) 123-4567', '(555) 123-4567'],
    ['555.123.4567', '555.123.4567'],
    ['020 7946 0958', '020 7946 0958'],
    ['07700 900123', '07700 900123'],
    ['06 12 34 56 78', '06 12 34 56 78'],
  ])('finds the number in %j', (text, expected) => {
    expect(texts(text, detectPhones(text))).toEqual([expected]);
  });
  it.each([
    '2024-01-15',
    '2024-01-15 10:30:00',
    '01.02.2024 12:30',
    '192.168.100.200',
    '10.0.19041.1234',
    'version 1.2.3.4567',
    'd41d8cd98f00b204e9800998ecf8427e',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '1234567890123',
    'CVE-2024-123-4567',
    '555-123.4567',
    '+12',
  ])('does not take %j for a phone number', (text) => {
    expect(detectPhones(text)).toEqual([]);
  });
});

describe('detectPaymentCards', () => {
  it.each([
    ['card 4111 1111 1111 1111 exp', '4111 1111 1111 1111'],
    ['5500-0000-0000-0004', '5500-0000-0000-0004'],
    ['Amex 378282246310005', '378282246310005'],
    ['4111 1111 1111 1111 123', '4111 1111 1111 1111'],
    ['6011111111111117', '6011111111111117'],
  ])('finds the Luhn-valid card in %j', (text, expected) => {
    expect(texts(text, detectPaymentCards(text))).toEqual([expected]);
  });
  it.each([
    '4111 1111 1111 1112', // Luhn fails
    '1234567812345670', // Luhn valid, but no known issuer prefix
    '41111111111111111111111', // too long
    '411111111111', // too short
  ])('does not take %j for a card', (text) => {
    expect(detectPaymentCards(text)).toEqual([]);
  });
  it('checks Luhn digits', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });
});

describe('detectNationalIds', () => {
  it.each([
    ['SSN 123-45-6789', '123-45-6789'],
    ['ssn 078 05 1121', '078 05 1121'],
    ['NINO AB 12 34 56 C', 'AB 12 34 56 C'],
    ['NINO AB123456C', 'AB123456C'],
    ['IBAN GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32'],
    ['DE89370400440532013000', 'DE89370400440532013000'],
  ])('finds the number in %j', (text, expected) => {
    expect(texts(text, detectNationalIds(text))).toEqual([expected]);
  });
  it.each([
    '000-12-3456', // area 000 is never issued
    '666-12-3456', // area 666 is never issued
    '912-12-3456', // areas 900-999 are never issued
    '123-00-4567', // group 00
    '123-45-0000', // serial 0000
    '123-45-67890',
    'QQ123456C', // Q is never a prefix letter
    'GB123456A', // GB is never a prefix
    'AB123456E', // suffix beyond D
    'GB83WEST12345698765432', // bad IBAN check digits
  ])('does not take %j for a national id', (text) => {
    expect(detectNationalIds(text)).toEqual([]);
  });
  it('checks IBANs with mod 97', () => {
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
  });
});

describe('createOrganisationDetector', () => {
  const detect = createOrganisationDetector({
    ownDomains: ['bank.example'],
    ownNames: ['Example Bank', 'EB'],
  });
  it('finds the submitter’s domains, their subdomains and its names, in any case', () => {
    const text = 'Seen at mail.Bank.Example by example bank staff';
    expect(texts(text, detect(text))).toEqual(['mail.Bank.Example', 'example bank']);
  });
  it('ignores other domains, partial words and names too short to be specific', () => {
    expect(detect('notbank.example and bank.example.org and Example Banking, EB')).toEqual([]);
  });
  it('finds nothing when the submitter has no domains or names', () => {
    expect(createOrganisationDetector({})('bank.example')).toEqual([]);
  });
});
