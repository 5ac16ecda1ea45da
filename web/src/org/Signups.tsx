import { useTranslation } from "react-i18next";
import { patiently } from "../api/client";
import type { Participant, Registration } from "../api/registration";
import { cancelSignup, signUp, signupsOf, workshops as programme, type Workshop } from "../api/workshops";
import { Loading, Outcome, useAction, useLoad } from "../ui";

/** Each person's workshops, one per round: seat or place on the waitlist. */
export default function Signups({ slug, registration }: { slug: string; registration: Registration }) {
  const { t } = useTranslation();
  const workshops = useLoad(() => programme(slug), [slug]);
  if (!workshops.data) return <Loading error={workshops.error} />;
  const people = registration.participants.filter((p) => !p.erased_at);
  return (
    <section>
      <h2>{t("signups.title")}</h2>
      {workshops.data.length === 0 ? (
        <p>{t("signups.noProgramme")}</p>
      ) : (
        people.map((person) => (
          <PersonSignups key={person.id} slug={slug} person={person} workshops={workshops.data!} onChanged={workshops.reload} />
        ))
      )}
    </section>
  );
}

function PersonSignups(props: { slug: string; person: Participant; workshops: Workshop[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const signups = useLoad(() => patiently(() => signupsOf(props.slug, props.person.id)), [props.person.id]);
  const rounds = [...new Set(props.workshops.map((w) => w.round))].sort((a, b) => a - b);
  const mine = new Map((signups.data ?? []).map((s) => [s.workshop_id, s]));
  const change = (workshop: Workshop, join: boolean) =>
    action.run(async () => {
      if (join) await patiently(() => signUp(props.slug, workshop.id, props.person.id));
      else await patiently(() => cancelSignup(props.slug, workshop.id, props.person.id));
      signups.reload();
      props.onChanged();
    });
  return (
    <fieldset>
      <legend>{props.person.name}</legend>
      {rounds.map((round) => (
        <div key={round} className="round">
          <h4>{t("programme.round", { round })}</h4>
          <ul>
            {props.workshops
              .filter((w) => w.round === round)
              .map((w) => {
                const signup = mine.get(w.id);
                return (
                  <li key={w.id}>
                    <span>
                      {w.title}{" "}
                      <small>{t("programme.taken", { taken: w.seats_taken, capacity: w.capacity })}</small>
                    </span>
                    {signup ? (
                      <>
                        <strong>
                          {signup.status === "confirmed"
                            ? t("signups.confirmed")
                            : t("signups.waitlisted", { position: signup.position })}
                        </strong>
                        <button className="secondary" disabled={action.busy} onClick={() => void change(w, false)}>
                          {t("signups.cancel")}
                        </button>
                      </>
                    ) : (
                      <button
                        disabled={action.busy}
                        onClick={() => void change(w, true)}
                        aria-label={t("signups.joinLabel", { name: props.person.name, title: w.title })}
                      >
                        {t("signups.join")}
                      </button>
                    )}
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
      <Outcome state={action} />
    </fieldset>
  );
}
