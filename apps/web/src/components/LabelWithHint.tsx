import type { ReactNode } from 'react';

/**
 * A checkbox's label for `id` and, when there is one, its explanation with the id `${id}-desc`, which
 * the checkbox names in `aria-describedby`.
 */
export function LabelWithHint({
  id,
  label,
  className,
  description,
}: {
  id: string;
  label: string;
  className: string;
  description?: ReactNode;
}) {
  return (
    <>
      <label className={className} htmlFor={id}>
        {label}
      </label>
      {description && (
        <p className="field-hint" id={`${id}-desc`}>
          {description}
        </p>
      )}
    </>
  );
}
