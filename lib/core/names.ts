const ALREADY_SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/**
 * Turns a name as people type it into the snake_case key the schema stores (document kinds,
 * business relations): "Webinar Registration", "webinar-registration" and "webinarRegistration"
 * all give `webinar_registration`; "E-Mail" gives `email`. Callers check the result against
 * `SNAKE_CASE_NAME`, so characters outside it are left for that check to refuse.
 */
export function toSnakeCaseName(value: string): string {
	// Already snake_case (what most items carry): the replacements below would leave it as it is.
	if (ALREADY_SNAKE_CASE.test(value) && !value.includes('e_mail')) return value;
	return value
		.trim()
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.toLowerCase()
		.replace(/[\s\-./]+/g, '_')
		.replace(/_+/g, '_')
		.replace(/^_|_$/g, '')
		.replace(/(^|_)e_mail(?=_|$)/g, '$1email');
}

/** The check constraint of `document_kind` and `relation`. */
export const SNAKE_CASE_NAME = /^[a-z][a-z0-9_]*$/;
