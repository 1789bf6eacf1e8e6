import fc from 'fast-check';

import { toSnakeCaseName } from '../../lib/core';

describe('toSnakeCaseName', () => {
	it('turns names as people type them into snake_case', () => {
		expect(toSnakeCaseName('Webinar Registration')).toBe('webinar_registration');
		expect(toSnakeCaseName('webinar-registration')).toBe('webinar_registration');
		expect(toSnakeCaseName('webinarRegistration')).toBe('webinar_registration');
		expect(toSnakeCaseName(' sales__invoice_ ')).toBe('sales_invoice');
		expect(toSnakeCaseName('E-Mail')).toBe('email');
		expect(toSnakeCaseName('e_mail')).toBe('email');
		expect(toSnakeCaseName('reminder_e_mail_sent')).toBe('reminder_email_sent');
		expect(toSnakeCaseName('home_mail')).toBe('home_mail');
	});

	it('leaves a name that is snake_case already as it is', () => {
		fc.assert(
			fc.property(
				fc.stringMatching(/^[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,8}){0,4}$/),
				(name) =>
					toSnakeCaseName(name) === name ||
					(name.includes('e_mail') &&
						toSnakeCaseName(name) === name.replace(/(^|_)e_mail(?=_|$)/g, '$1email')),
			),
			{ numRuns: 2000 },
		);
	});
});
