/** "Ada is typing…" under a timeline, with the animated dots; an empty live region otherwise. */
export function TypingLine({ text }: { text: string | null }) {
  return (
    <div className="typing-line" aria-live="polite">
      {text && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {text}
        </>
      )}
    </div>
  );
}
