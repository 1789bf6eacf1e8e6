import { CONTACT_TYPES, CORRESPONDENCE_TYPES, LIMITS, type ContactType } from '../core';
import { batchError, toBatchIssue, type BatchIssue } from '../core';
import { InteractionLogError, validationError } from '../core';
import {
	readBoolean,
	readCode,
	readOptionalChoice,
	readOptionalCode,
	readOptionalText,
	readText,
} from '../core';
import type { ContactWriteRow } from '../db';
import { readBusinessRelations, type BusinessRelation } from './relations';

/** Contact fields as they come from a node. */
export interface ContactInput {
	/**
	 * Empty: the contact holding the given business relations, or else a new contact numbered
	 * from the contact number series (see `takeContactNumbers`).
	 */
	readonly contactNo?: unknown;
	/**
	 * `company` or `person`. When absent, an existing contact keeps its type; a new one is a person
	 * if `companyNo` names another contact, else a company (Business Central's default).
	 */
	readonly type?: unknown;
	/** A person's company; a company's is its own number (leave it empty). */
	readonly companyNo?: unknown;
	readonly name?: unknown;
	readonly email?: unknown;
	readonly phone?: unknown;
	/** A company's web site; Find by Email may find the company by its domain. */
	readonly homePage?: unknown;
	readonly correspondenceType?: unknown;
	readonly salespersonCode?: unknown;
	readonly privacyBlocked?: unknown;
	/**
	 * `[{ relation: 'customer', externalNo: 'C10000' }, …]`. When given, it replaces the contact's
	 * relations (an empty list removes them); when absent, the stored relations stay.
	 */
	readonly businessRelations?: unknown;
}

/** A contact input that passed validation, ready to write. */
export interface ValidContact {
	/**
	 * true when no number was given: `row.contact_no` (and a company's `company_no`) are empty
	 * until `upsertContacts` finds the contact by its relations or takes a number from the series.
	 */
	readonly fromSeries: boolean;
	/**
	 * false when neither `type` nor another contact's `companyNo` was given: the row says company,
	 * but an existing contact keeps its stored type (see `withStoredType`).
	 */
	readonly typeGiven: boolean;
	readonly row: ContactWriteRow;
	/** undefined: keep the stored relations. */
	readonly relations: readonly BusinessRelation[] | undefined;
}

// Deliberately light: one @, something before it, a dot after it, no spaces.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readContactNo(value: unknown, field = 'contactNo'): string {
	return readCode(field, value, LIMITS.contactNo);
}

/** Business Central's Contact "Home Page": Text[255]. */
const HOME_PAGE_MAX = 255;

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function readEmail(value: unknown): string | null {
	const email = readOptionalText('email', value, LIMITS.email);
	if (email !== null && !EMAIL_PATTERN.test(email)) {
		throw validationError(
			'email',
			value,
			`email "${email}" is not an e-mail address`,
			'Use the form name@example.com, or leave email empty.',
		);
	}
	return email;
}

function readCompanyNo(contactNo: string, type: ContactType, value: unknown): string | null {
	const companyNo = readOptionalCode('companyNo', value, LIMITS.contactNo);
	if (type === 'company') {
		if (companyNo !== null && companyNo !== contactNo) {
			throw validationError(
				'companyNo',
				value,
				`Contact ${contactNo} is a company, so its companyNo is its own number, not ${companyNo}`,
				'Leave companyNo empty for a company, or set type to person.',
			);
		}
		return contactNo;
	}
	if (companyNo === contactNo) {
		throw validationError(
			'companyNo',
			value,
			`Person ${contactNo} cannot be its own company`,
			'Give the number of a company contact, or leave companyNo empty.',
		);
	}
	return companyNo;
}

/** Validates one contact input; throws a VALIDATION error naming the field. */
export function readContactInput(input: ContactInput): ValidContact {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw validationError('contact', input, 'A contact must be an object');
	}
	const fromSeries = isBlank(input.contactNo);
	const contactNo = fromSeries ? '' : readContactNo(input.contactNo);
	const givenType = readOptionalChoice('type', input.type, CONTACT_TYPES);
	// Only persons belong to another contact, so a company number other than its own says person.
	const givenCompanyNo = readOptionalCode('companyNo', input.companyNo, LIMITS.contactNo);
	const impliedType = givenCompanyNo && givenCompanyNo !== contactNo ? 'person' : undefined;
	const type = givenType ?? impliedType ?? 'company';
	return {
		fromSeries,
		typeGiven: (givenType ?? impliedType) !== undefined,
		row: {
			contact_no: contactNo,
			type,
			company_no: readCompanyNo(contactNo, type, input.companyNo),
			name: readText('name', input.name, LIMITS.name),
			email: readEmail(input.email),
			phone: readOptionalText('phone', input.phone, LIMITS.phone),
			home_page: readOptionalText('homePage', input.homePage, HOME_PAGE_MAX),
			correspondence_type: readOptionalChoice(
				'correspondenceType',
				input.correspondenceType,
				CORRESPONDENCE_TYPES,
			),
			salesperson_code: readOptionalCode(
				'salespersonCode',
				input.salespersonCode,
				LIMITS.salespersonCode,
			),
			privacy_blocked: readBoolean('privacyBlocked', input.privacyBlocked),
		},
		relations: readBusinessRelations(input.businessRelations),
	};
}

/**
 * An upsert without a type keeps the stored type: a person updated with only a new name stays a
 * person (its company link is replaced like every other field, here by none).
 */
export function withStoredType(
	contact: ValidContact,
	storedType: string | undefined,
): ValidContact {
	if (contact.typeGiven || storedType !== 'person') return contact;
	return { ...contact, row: { ...contact.row, type: 'person', company_no: null } };
}

/** Finds persons whose company is given in the batch as a person. */
export function companyReferenceIssues(contacts: readonly ValidContact[]): BatchIssue[] {
	const typeByNo = new Map(contacts.map((c) => [c.row.contact_no, c.row.type]));
	const issues: BatchIssue[] = [];
	contacts.forEach(({ row }, index) => {
		if (row.type !== 'person' || row.company_no === null) return;
		if (typeByNo.get(row.company_no) === 'person') {
			issues.push({
				index,
				error: validationError(
					'companyNo',
					row.company_no,
					`Contact ${row.company_no}, the company of ${row.contact_no}, is given as a person in this batch`,
					'A person can only belong to a company contact.',
				),
			});
		}
	});
	return issues;
}

/** Finds contact numbers and relations given twice. */
export function duplicateIssues(contacts: readonly ValidContact[]): BatchIssue[] {
	const issues: BatchIssue[] = [];
	const firstIndex = new Map<string, number>();
	const relationOwner = new Map<string, { name: string; index: number }>();
	contacts.forEach(({ row, relations, fromSeries }, index) => {
		// Contacts without a number are told apart by their place in the batch.
		const name = fromSeries ? `the new contact at ${index}` : row.contact_no;
		const seen = fromSeries ? undefined : firstIndex.get(row.contact_no);
		if (seen !== undefined) {
			issues.push({
				index,
				error: validationError(
					'contactNo',
					row.contact_no,
					`Contact ${row.contact_no} is given twice in this batch (at ${seen} and ${index})`,
					'Give each contact once per batch.',
				),
			});
			return;
		}
		if (!fromSeries) firstIndex.set(row.contact_no, index);
		for (const { relation, externalNo } of relations ?? []) {
			const key = `${relation}\u0000${externalNo}`;
			const owner = relationOwner.get(key);
			if (owner && owner.name !== name) {
				issues.push({
					index,
					error: new InteractionLogError(
						'CONFLICT',
						`The ${relation} number ${externalNo} is given to both ${owner.name} (at ${owner.index}) and ${name} in this batch`,
						{
							field: 'businessRelations',
							value: externalNo,
							hint: 'A customer or vendor number belongs to one contact: usually the company.',
						},
					),
				});
			} else relationOwner.set(key, { name, index });
		}
	});
	return issues;
}

/**
 * Validates every input of a batch without touching the database: each one on its own, then
 * numbers and relations given twice. Company references need the stored types: see
 * `companyReferenceIssues`.
 */
export function readContactBatch(inputs: readonly ContactInput[]): ValidContact[] {
	if (!Array.isArray(inputs)) {
		throw validationError('contacts', inputs, 'contacts must be a list of contacts');
	}
	const issues: BatchIssue[] = [];
	const contacts: ValidContact[] = [];
	inputs.forEach((input, index) => {
		try {
			contacts.push(readContactInput(input));
		} catch (error) {
			issues.push(toBatchIssue(index, error));
		}
	});
	if (issues.length > 0) throw batchError(issues, 'contact');
	const duplicates = duplicateIssues(contacts);
	if (duplicates.length > 0) throw batchError(duplicates, 'contact');
	return contacts;
}
