import type { z } from 'zod/mini';

/** Field name → first message, for showing zod issues next to the fields they concern. */
export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

/** A form's values checked: the input to send, or a sentence per field that is wrong. */
export type Checked<I, F extends string> = { ok: true; input: I } | { ok: false; errors: FieldErrors<F> };

export function fieldErrorsOf<K extends string>(error: z.core.$ZodError): FieldErrors<K> {
  const errors: FieldErrors<K> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '') as K;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Drops one field's shown error (for `setErrors(withoutError('name'))` when the field is edited). */
export function withoutError<F extends string>(field: F) {
  return (errors: FieldErrors<F>): FieldErrors<F> => {
    const { [field]: _, ...rest } = errors;
    return rest as FieldErrors<F>;
  };
}

/** A zod parse as a `Checked`: its data, or its issues as field errors. */
export function checkedOf<I, F extends string>(parsed: z.util.SafeParseResult<I>): Checked<I, F> {
  return parsed.success
    ? { ok: true, input: parsed.data }
    : { ok: false, errors: fieldErrorsOf<F>(parsed.error) };
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}

/**
 * Move focus to the first field marked invalid, so keyboard and screen reader users land on
 * the problem. Deferred because the marks appear with the next render.
 */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}

/**
 * Shows a check's outcome on the form: its errors (focus moves to the first invalid field) or
 * none. True when the input is good to send.
 */
export function showChecked<I, F extends string>(
  checked: Checked<I, F>,
  setErrors: (errors: FieldErrors<F>) => void,
  form: HTMLFormElement | null,
): checked is { ok: true; input: I } {
  setErrors(checked.ok ? {} : checked.errors);
  if (!checked.ok) focusFirstInvalid(form);
  return checked.ok;
}
