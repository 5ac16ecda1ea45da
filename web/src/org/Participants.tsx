import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import {
  addParticipant,
  removeParticipant,
  setConsent,
  type Participant,
  type Registration,
} from "../api/registration";
import { Field, Outcome, useAction } from "../ui";

/** The organisation's people for the edition: add, remove, and each one's
 * QR code for the door and link to the evaluation. */
export default function Participants(props: { slug: string; registration: Registration; onChanged: () => void }) {
  const { t } = useTranslation();
  const registrationId = props.registration.id;
  const people = props.registration.participants.filter((p) => !p.erased_at);
  return (
    <section>
      <h2>{t("participants.title")}</h2>
      <ul className="cards">
        {people.map((person) => (
          <PersonCard
            key={person.id}
            slug={props.slug}
            registrationId={registrationId}
            person={person}
            onChanged={props.onChanged}
          />
        ))}
      </ul>
      <AddPerson slug={props.slug} registrationId={registrationId} onAdded={props.onChanged} />
    </section>
  );
}

function PersonCard(props: { slug: string; registrationId: string; person: Participant; onChanged: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(props.person.id, { margin: 1, width: 120 }).then(setQr);
  }, [props.person.id]);
  const [sharing, setSharing] = useState(props.person.consent?.share_contact ?? false);
  const consent = async (share: boolean) => {
    setSharing(share); // shown at once; put back if the API refuses
    const saved = await action.run(async () => {
      await setConsent(props.person.id, share);
      return t("participants.consentSaved");
    });
    if (!saved) setSharing(!share);
  };
  const remove = () =>
    action.run(async () => {
      await removeParticipant(props.slug, props.registrationId, props.person.id);
      props.onChanged();
    });
  return (
    <li>
      <strong>{props.person.name}</strong>
      <span>{props.person.email}</span>
      {qr && <img src={qr} width={120} height={120} alt={t("participants.qr", { name: props.person.name })} />}
      <label className="check">
        <input type="checkbox" checked={sharing} disabled={action.busy} onChange={(event) => void consent(event.target.checked)} />
        {t("participants.consent")}
      </label>
      <Link to={`/org/${props.slug}/evaluation/${props.person.id}`}>{t("participants.evaluate")}</Link>
      <button className="secondary" onClick={() => void remove()} disabled={action.busy}>
        {t("participants.remove")}
      </button>
      <Outcome state={action} />
    </li>
  );
}

function AddPerson(props: { slug: string; registrationId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [share, setShare] = useState(false);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await addParticipant(props.slug, props.registrationId, { name, email, share_contact: share });
      })
      .then((ok) => {
        if (ok) {
          setName("");
          setEmail("");
          props.onAdded();
        }
      });
  };
  return (
    <form onSubmit={submit} className="panel">
      <h3>{t("participants.add")}</h3>
      <Field label={t("register.name")} error={action.fields.name}>
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </Field>
      <Field label={t("register.email")} error={action.fields.email}>
        <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} required />
      </Field>
      <label className="check">
        <input type="checkbox" checked={share} onChange={(event) => setShare(event.target.checked)} />
        {t("register.consent")}
      </label>
      <button disabled={action.busy}>{t("participants.addButton")}</button>
      <Outcome state={action} />
    </form>
  );
}
