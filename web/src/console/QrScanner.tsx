import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import wasm from "zxing-wasm/reader/zxing_reader.wasm?url";

// The decoder's WebAssembly comes with the app, from the gateway (by default
// the library would fetch it from a CDN).
prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasm : prefix + path) } });

const EVERY_MS = 250;

/** The tablet's camera, reading the QR code on a participant's page: `onRead`
 * gets its text (the participant id). */
export default function QrScanner({ onRead }: { onRead: (text: string) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const look = async () => {
      const frame = video.current;
      if (stopped || !frame || frame.videoWidth === 0) return;
      canvas.width = frame.videoWidth;
      canvas.height = frame.videoHeight;
      const context = canvas.getContext("2d", { willReadFrequently: true })!;
      context.drawImage(frame, 0, 0);
      const found = await readBarcodes(context.getImageData(0, 0, canvas.width, canvas.height), {
        formats: ["QRCode"],
        maxNumberOfSymbols: 1,
      });
      if (!stopped && found[0]?.text) onRead(found[0].text);
    };
    navigator.mediaDevices
      ?.getUserMedia({ video: { facingMode: "environment" } })
      .then((camera) => {
        stream = camera;
        if (stopped || !video.current) return;
        video.current.srcObject = camera;
        void video.current.play();
        timer = window.setInterval(() => void look(), EVERY_MS);
      })
      .catch(() => setError(t("checkIn.noCamera")));
    if (!navigator.mediaDevices) setError(t("checkIn.noCamera"));
    return () => {
      stopped = true;
      window.clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [onRead, t]);
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : (
    <video ref={video} className="scanner" muted playsInline aria-label={t("checkIn.camera")} />
  );
}
