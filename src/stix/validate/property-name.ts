/**
 * The one name rule for custom and extension property names (checklist S133, S142): shared by
 * the object property walk and, through the validate module's surface, by the pattern checker,
 * so a name rejected on an object is rejected in an indicator pattern path too (S156).
 */

// S142/S133: ASCII a-z, 0-9 and "_", 3–250 characters.
const PROPERTY_NAME_RE = /^[a-z0-9_]{3,250}$/;

/** True when `name` is a valid custom or extension property name (S133, S142). */
export function isPropertyName(name: string): boolean {
  return PROPERTY_NAME_RE.test(name);
}
