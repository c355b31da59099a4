import { useState } from 'preact/hooks';
import type { FieldErrors } from './errors';

/**
 * A settings form's typed values and their shown errors, with the options pages' one rule for
 * when an error shows: a field is checked when it loses focus (or a button checks them all); a
 * shown error clears as soon as the field is fixed, while new errors wait for blur or a button.
 */
export function useCheckedFields<V extends Record<F, unknown>, F extends string & keyof V>(
  initial: V,
  errorsOf: (values: V) => FieldErrors<F>,
) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});

  const check = (field: F, next: V = values) =>
    setErrors((previous) => ({ ...previous, [field]: errorsOf(next)[field] }));

  const change = <K extends F>(field: K, value: V[K]) => {
    const next = { ...values, [field]: value };
    setValues(next);
    if (errors[field]) check(field, next);
  };

  return { values, setValues, errors, setErrors, check, change };
}
