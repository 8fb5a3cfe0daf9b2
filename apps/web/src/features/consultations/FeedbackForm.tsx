import { FeedbackRequestSchema, type FeedbackRequest } from '@parley/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { FormFooter } from '../../components/FormFooter';
import { useSubmission } from '../../lib/forms';
import { consultationsApi } from './consultations.api';

/** The ratings and their words (catalogue keys, said while rendering). */
const RATINGS = [
  { value: 1, label: 'consultations.feedback.rating.veryPoor' },
  { value: 2, label: 'consultations.feedback.rating.poor' },
  { value: 3, label: 'consultations.feedback.rating.okay' },
  { value: 4, label: 'consultations.feedback.rating.good' },
  { value: 5, label: 'consultations.feedback.rating.veryGood' },
] as const;

const ADDRESSED = [
  { value: 'yes', label: 'consultations.feedback.addressed.yes' },
  { value: 'partly', label: 'consultations.feedback.addressed.partly' },
  { value: 'no', label: 'consultations.feedback.addressed.no' },
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
  const { t } = useTranslation();
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
        {t('consultations.feedback.title', { name: otherName })}
      </h2>
      <p className="muted">{t('consultations.feedback.intro', { name: otherName })}</p>
      <fieldset className={`choice-fieldset${errors.rating ? ' field-invalid' : ''}`}>
        <legend>{t('consultations.feedback.overall')}</legend>
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
              <span className="rating-label">{t(r.label)}</span>
            </label>
          ))}
        </div>
        {errors.rating && <p className="field-error">{t('consultations.feedback.ratingRequired')}</p>}
      </fieldset>
      <fieldset className={`choice-fieldset${errors.needsAddressed ? ' field-invalid' : ''}`}>
        <legend>{t('consultations.feedback.addressedLegend')}</legend>
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
              <span>{t(a.label)}</span>
            </label>
          ))}
        </div>
        {errors.needsAddressed && (
          <p className="field-error">{t('consultations.feedback.addressedRequired')}</p>
        )}
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-comment`}>
          {t('consultations.feedback.comment')}
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
      <FormFooter status={status} busy={busy} submitLabel={t('consultations.feedback.send')}>
        <Button variant="ghost" disabled={busy} onClick={onSkip}>
          {t('consultations.feedback.skip')}
        </Button>
      </FormFooter>
    </form>
  );
}
