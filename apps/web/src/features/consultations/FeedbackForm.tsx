import { FeedbackRequestSchema, type FeedbackRequest } from '@parley/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { FormFooter } from '../../components/FormFooter';
import { useSubmission } from '../../lib/forms';
import { consultationsApi } from './consultations.api';

const RATINGS = [
  { value: 1, label: 'Very poor' },
  { value: 2, label: 'Poor' },
  { value: 3, label: 'Okay' },
  { value: 4, label: 'Good' },
  { value: 5, label: 'Very good' },
] as const;

const ADDRESSED = [
  { value: 'yes', label: 'Yes' },
  { value: 'partly', label: 'Partly' },
  { value: 'no', label: 'No' },
] as const;

/**
 * After leaving: how it went (1–5), whether the client's needs were addressed, and a comment. Short
 * on purpose, and skippable.
 */
export function FeedbackForm({
  consultationId,
  otherName,
  onSent,
  onSkip,
}: {
  consultationId: string;
  otherName: string;
  onSent: () => void;
  onSkip: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, status, busy, submit } = useSubmission(formRef);
  const [rating, setRating] = useState<number | null>(null);
  const [addressed, setAddressed] = useState<FeedbackRequest['needsAddressed'] | null>(null);
  const [comment, setComment] = useState('');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(
      FeedbackRequestSchema,
      {
        rating: rating ?? undefined,
        needsAddressed: addressed ?? undefined,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      },
      async (data) => {
        await consultationsApi.feedback(consultationId, data);
        onSent();
      },
    );
  };

  return (
    <form ref={formRef} className="feedback-form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <h2 className="card-title" tabIndex={-1} data-feedback-title>
        How was your session with {otherName}?
      </h2>
      <p className="muted">
        Your answers help the workspace look after its consultations. {otherName} doesn’t see them.
      </p>
      <fieldset className={`choice-fieldset${errors.rating ? ' field-invalid' : ''}`}>
        <legend>Overall</legend>
        <div className="rating-row">
          {RATINGS.map((r) => (
            <label key={r.value} className={`rating-choice${rating === r.value ? ' is-chosen' : ''}`}>
              <input
                type="radio"
                name={`${id}-rating`}
                value={r.value}
                checked={rating === r.value}
                aria-invalid={errors.rating ? true : undefined}
                onChange={() => setRating(r.value)}
              />
              <span className="rating-number">{r.value}</span>
              <span className="rating-label">{r.label}</span>
            </label>
          ))}
        </div>
        {errors.rating && <p className="field-error">Choose a rating from 1 to 5.</p>}
      </fieldset>
      <fieldset className={`choice-fieldset${errors.needsAddressed ? ' field-invalid' : ''}`}>
        <legend>Were your needs addressed?</legend>
        <div className="addressed-row">
          {ADDRESSED.map((a) => (
            <label key={a.value} className={`addressed-choice${addressed === a.value ? ' is-chosen' : ''}`}>
              <input
                type="radio"
                name={`${id}-addressed`}
                value={a.value}
                checked={addressed === a.value}
                aria-invalid={errors.needsAddressed ? true : undefined}
                onChange={() => setAddressed(a.value)}
              />
              <span>{a.label}</span>
            </label>
          ))}
        </div>
        {errors.needsAddressed && <p className="field-error">Choose yes, partly or no.</p>}
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-comment`}>
          Anything else? (optional)
        </label>
        <textarea
          id={`${id}-comment`}
          className="input textarea"
          rows={3}
          maxLength={2000}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      <FormFooter status={status} busy={busy} submitLabel="Send feedback">
        <Button variant="ghost" disabled={busy} onClick={onSkip}>
          Skip
        </Button>
      </FormFooter>
    </form>
  );
}
