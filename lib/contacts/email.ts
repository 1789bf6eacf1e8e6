import type { Knex } from 'knex';

import { InteractionLogError, LIMITS, sqlArray, validationError } from '../core';
import type { ContactRow } from '../db';
import { PUBLIC_MAIL_DOMAINS } from './public-mail-domains';

// Finding a contact by an e-mail address, as Business Central's e-mail logging matches the
// addresses of a message to contacts. The rule, never a guess:
// 1. the contacts whose e-mail is the address (case-insensitive): one person wins (a person is
//    more precise than the company address it may share); two persons, or no person and two
//    companies, are ambiguous: an error naming them;
// 2. only when asked for, and only when step 1 finds nobody: the company whose e-mail address or
//    home page is at the address's domain, never for a public mail domain (gmail.com, …); two such
//    companies are ambiguous.

/** How an address may find a contact: its own address only, or also its company's domain. */
export const EMAIL_MATCH_MODES = ['address', 'address_or_domain'] as const;
export type EmailMatchMode = (typeof EMAIL_MATCH_MODES)[number];

export type EmailMatch =
	| { readonly status: 'found'; readonly row: ContactRow; readonly matchedBy: 'address' | 'domain' }
	| { readonly status: 'ambiguous'; readonly error: InteractionLogError }
	| { readonly status: 'none'; readonly reason: string };

// Deliberately light: one @, something before it, a dot after it, no spaces.
export const EMAIL_PATTERN = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** The domain of a company's home page, as the index `contacts_home_page_domain_idx` has it. */
// No "?" in it: Knex would read it as a binding (hence {0,1} and \x3f).
const HOME_PAGE_DOMAIN = `lower(regexp_replace(home_page, '^([a-z][a-z0-9+.-]*://){0,1}(www\\.){0,1}([^/:#\\x3f]+).*$', '\\3', 'i'))`;
const EMAIL_DOMAIN = `lower(split_part(email, '@', 2))`;

/**
 * Reads one address, lower-cased: `ann@adatum.com`, or as mail headers write it,
 * `Ann Lee <ann@adatum.com>`. A list of addresses is refused: which one is meant is the
 * workflow's choice.
 */
export function readEmailAddress(value: unknown, field = 'email'): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		throw validationError(
			field,
			value,
			`${field} is required: give the e-mail address to find the contact by`,
			'Give one address, e.g. ann@adatum.com or "Ann Lee <ann@adatum.com>".',
		);
	}
	const bracketed = /<([^<>]*)>\s*$/.exec(text);
	const address = (bracketed ? bracketed[1] : text).trim().toLowerCase();
	if (!EMAIL_PATTERN.test(address) || address.length > LIMITS.email) {
		const several = (text.match(/@/g) ?? []).length > 1;
		throw validationError(
			field,
			value,
			several
				? `${field} holds several addresses; give one`
				: `${field} "${text}" is not an e-mail address`,
			several
				? 'Pick one address, e.g. the first recipient: {{ $json.to.split(",")[0] }}.'
				: 'Give one address, e.g. ann@adatum.com or "Ann Lee <ann@adatum.com>".',
		);
	}
	return address;
}

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export const isPublicMailDomain = (domain: string) => PUBLIC_MAIL_DOMAINS.has(domain);

function ambiguous(address: string, rows: readonly ContactRow[], by: 'address' | 'domain') {
	const nos = rows.map((r) => r.contact_no).sort();
	const what =
		by === 'address'
			? `${nos.length} ${rows[0].type === 'person' ? 'persons' : 'companies'} have the e-mail address ${address}`
			: `${nos.length} companies are at the domain ${domainOf(address)}`;
	return new InteractionLogError('CONFLICT', `${what}: ${nos.join(', ')}`, {
		field: 'email',
		value: address,
		hint:
			by === 'address'
				? `Give each contact its own address, or find the contact by number (e.g. ${nos[0]}).`
				: 'Give the address to one contact, or find the contact by number.',
	});
}

function decideByAddress(address: string, rows: readonly ContactRow[]): EmailMatch | undefined {
	const persons = rows.filter((r) => r.type === 'person');
	const candidates = persons.length > 0 ? persons : rows;
	if (candidates.length === 0) return undefined;
	if (candidates.length > 1) {
		return { status: 'ambiguous', error: ambiguous(address, candidates, 'address') };
	}
	return { status: 'found', row: candidates[0], matchedBy: 'address' };
}

/**
 * The contact of each address (lower-cased, as `readEmailAddress` returns them), in two statements
 * whatever the number of addresses: one by address, one by domain for the rest (when `mode` is
 * `address_or_domain`).
 */
export async function matchContactsByEmail(
	db: Knex,
	addresses: readonly string[],
	mode: EmailMatchMode,
): Promise<Map<string, EmailMatch>> {
	const unique = [...new Set(addresses)];
	const matches = new Map<string, EmailMatch>();
	if (unique.length === 0) return matches;
	const { rows } = await db.raw<{ rows: (ContactRow & { address: string })[] }>(
		`select lower(c.email) as address, c.* from contacts c
		where lower(c.email) = any(?::text[])
		order by c.contact_no`,
		[sqlArray(unique)],
	);
	const byAddress = new Map<string, ContactRow[]>();
	for (const row of rows) byAddress.set(row.address, [...(byAddress.get(row.address) ?? []), row]);
	for (const address of unique) {
		const match = decideByAddress(address, byAddress.get(address) ?? []);
		if (match) matches.set(address, match);
	}
	const open = unique.filter((a) => !matches.has(a));
	const domains = [...new Set(open.map(domainOf).filter((domain) => !isPublicMailDomain(domain)))];
	if (mode === 'address_or_domain' && domains.length > 0) {
		const { rows: companies } = await db.raw<{ rows: (ContactRow & { domain: string })[] }>(
			`select d.domain, c.* from unnest(?::text[]) as d(domain)
			join contacts c on c.type = 'company'
				and (${EMAIL_DOMAIN} = d.domain or ${HOME_PAGE_DOMAIN} = d.domain)
			order by c.contact_no`,
			[sqlArray(domains)],
		);
		const byDomain = new Map<string, ContactRow[]>();
		for (const row of companies) {
			byDomain.set(row.domain, [...(byDomain.get(row.domain) ?? []), row]);
		}
		for (const address of open) {
			const found = byDomain.get(domainOf(address)) ?? [];
			if (found.length === 1) {
				matches.set(address, { status: 'found', row: found[0], matchedBy: 'domain' });
			} else if (found.length > 1) {
				matches.set(address, { status: 'ambiguous', error: ambiguous(address, found, 'domain') });
			}
		}
	}
	for (const address of open) {
		if (matches.has(address)) continue;
		const domain = domainOf(address);
		const reason =
			mode === 'address'
				? `No contact has the e-mail address ${address}`
				: isPublicMailDomain(domain)
					? `No contact has the e-mail address ${address} (${domain} is a public mail domain, so no company is found by it)`
					: `No contact has the e-mail address ${address}, and no company is at ${domain}`;
		matches.set(address, { status: 'none', reason });
	}
	return matches;
}
