/**
 * Terraform reads every string of its JSON and native syntax as a template: `${...}` interpolates
 * and `%{...}` runs a directive (Terraform language, "Strings and Templates"; JSON syntax, "Expression
 * Mapping"). Text a user wrote must reach AWS as written, never be evaluated, so it is escaped as
 * Terraform documents: `$${` and `%%{` stand for a literal `${` and `%{`.
 *
 * cdktf puts references into strings as `${TfToken[...]}` markers (cdktf's string token encoding);
 * those are left alone, so a construct can take a reference where it takes text.
 */
const TOKEN = /(\$\{TfToken\[[a-zA-Z0-9:._-]+\]\})/;
const TEMPLATE_SEQUENCE = /([$%])\{/g;
const ESCAPED_SEQUENCE = /([$%])\1\{/g;

/** User text as a Terraform string literal: template sequences escaped, cdktf references kept. */
export function terraformLiteral(text: string): string {
  return text
    .split(TOKEN)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(TEMPLATE_SEQUENCE, "$1$1{")))
    .join("");
}

/** The value Terraform makes of a literal written by terraformLiteral (for readers of Terraform JSON). */
export function terraformLiteralValue(text: string): string {
  return text.replace(ESCAPED_SEQUENCE, "$1{");
}
