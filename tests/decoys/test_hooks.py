"""Webhooks in each provider's real format, signed as documented; a fake provider on loopback."""

import json
import time

from django.test import override_settings

from signaal.accounts.models import User
from signaal.audit.models import AuditEvent
from signaal.decoys import services, texts
from signaal.decoys.models import Contact, HookRequest, OutboundMessage, QuarantinedMedia
from signaal.vault import blobs
from tests.base import SignaalTestCase, make_staff
from tests.decoys.helpers import (
    CLIENT,
    WHATSAPP_VERIFY,
    FakeProvider,
    add_channels,
    bird_request,
    make_deployment,
    twilio_request,
    whatsapp_request,
)

BASE = "http://testserver"


class HookTestCase(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coordinator2 = make_staff(User.Role.COORDINATOR).user

    def setUp(self):
        self.provider = FakeProvider().__enter__()
        self.addCleanup(self.provider.__exit__, None, None, None)
        self.deployment = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        add_channels(self.deployment, self.coordinator, self.provider.url)

    def path(self, provider):
        return f"/hooks/{provider}/{self.deployment.slug}/"

    def post(self, provider, body, headers, content_type):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                self.path(provider), data=body, content_type=content_type, headers=headers
            )

    def twilio(self, **kwargs):
        body, headers = twilio_request(BASE + self.path("twilio"), **kwargs)
        return self.post("twilio", body, headers, "application/x-www-form-urlencoded")

    def whatsapp(self, **kwargs):
        body, headers = whatsapp_request(**kwargs)
        return self.post("whatsapp", body, headers, "application/json")

    def bird(self, **kwargs):
        body, headers = bird_request(BASE + self.path("bird"), **kwargs)
        return self.post("bird", body, headers, "application/json")


class ValidHookTests(HookTestCase):
    def test_twilio_gets_the_deterrence_reply_through_the_provider(self):
        r = self.twilio()
        self.assertEqual(r.status_code, 200)
        self.assertIn(b"<Response>", r.content)
        self.assertEqual(len(self.provider.requests), 1)
        sent = self.provider.requests[0]
        self.assertEqual(sent["path"], "/2010-04-01/Accounts/ACtest/Messages.json")
        self.assertTrue(sent["headers"]["Authorization"].startswith("Basic "))
        self.assertEqual(self.provider.texts(), [texts.deterrence_message(self.deployment)])
        self.assertIn(b"To=%2B447700900123", sent["body"])

    def test_whatsapp_gets_the_deterrence_reply_through_the_provider(self):
        r = self.whatsapp()
        self.assertEqual(r.status_code, 200)
        sent = self.provider.requests[0]
        self.assertEqual(sent["path"], "/v21.0/1055/messages")
        self.assertEqual(json.loads(sent["body"])["to"], "447700900123")
        self.assertIn("Stop it Now", self.provider.texts()[0])

    def test_bird_gets_the_deterrence_reply_through_the_provider(self):
        r = self.bird()
        self.assertEqual(r.status_code, 200)
        sent = self.provider.requests[0]
        self.assertEqual(sent["path"], "/workspaces/ws1/channels/ch1/messages")
        self.assertEqual(sent["headers"]["Authorization"], "AccessKey bird-access-key")
        self.assertIn("248b", self.provider.texts()[0])

    def test_it_stops_after_the_warning(self):
        self.twilio(sid="SM1")
        self.twilio(sid="SM2", body="Hallo??")
        self.assertEqual(len(self.provider.requests), 1)
        contact = Contact.objects.get()
        self.assertEqual(contact.messages_in, 2)

    def test_it_sends_at_most_one_acknowledgement_before_the_warning(self):
        self.deployment.acknowledgement = "Dank voor je bericht."
        self.deployment.save()
        self.twilio(sid="SM1")
        self.twilio(sid="SM2")
        self.assertEqual(self.provider.texts()[0], "Dank voor je bericht.")
        self.assertEqual(self.provider.texts()[1], texts.deterrence_message(self.deployment))
        self.assertEqual(len(self.provider.requests), 2)

    def test_it_counts_contacts_under_a_keyed_digest_only(self):
        self.twilio(sid="SM1")
        self.whatsapp(message_id="wamid.2")  # same number, other channel of the same deployment
        self.twilio(sid="SM3", sender="+447700900456")
        self.assertEqual(Contact.objects.count(), 2)
        for contact in Contact.objects.all():
            self.assertNotIn("7700900", contact.digest)
        # Where a reply went is forgotten once it is sent.
        self.assertEqual({m.recipient for m in OutboundMessage.objects.all()}, {""})

    def test_it_keeps_the_raw_request_as_evidence(self):
        body, headers = twilio_request(BASE + self.path("twilio"))
        self.post("twilio", body, headers, "application/x-www-form-urlencoded")
        kept = HookRequest.objects.get()
        envelope = json.loads(blobs.read_bytes(kept.blob))
        self.assertEqual(kept.sha256, kept.blob.sha256)
        import base64
        import hashlib

        self.assertEqual(base64.b64decode(envelope["body_base64"]), body)
        self.assertEqual(kept.body_sha256, hashlib.sha256(body).hexdigest())
        self.assertEqual(envelope["headers"]["X-Twilio-Signature"], headers["X-Twilio-Signature"])

    def test_it_records_who_raised_a_topic_first(self):
        self.twilio(body="Hoeveel kost een uur?")
        contact = Contact.objects.get()
        self.assertEqual(contact.first_raised["money"]["by"], "counterpart")
        self.assertEqual(contact.first_raised["sex"]["by"], "deterrence")

    def test_it_quarantines_received_media_without_fetching_it(self):
        self.twilio(
            extra={
                "NumMedia": "1",
                "MediaUrl0": "https://api.twilio.invalid/media/ME1",
                "MediaContentType0": "image/jpeg",
            }
        )
        media = QuarantinedMedia.objects.get()
        self.assertIsNone(media.blob)
        self.assertFalse(media.referred)
        self.assertEqual(media.reference, "https://api.twilio.invalid/media/ME1")

    def test_whatsapp_image_messages_are_quarantined_with_the_providers_hash(self):
        message = {
            "from": "447700900123",
            "id": "wamid.IMG",
            "timestamp": str(int(time.time())),
            "type": "image",
            "image": {"id": "MEDIA1", "mime_type": "image/jpeg", "sha256": "abc123"},
        }
        self.whatsapp(message=message)
        self.assertEqual(QuarantinedMedia.objects.get().sha256, "abc123")
        self.assertEqual(len(self.provider.requests), 1)  # the deterrence still goes out

    def test_it_answers_the_whatsapp_verification_handshake(self):
        r = self.client.get(
            self.path("whatsapp"),
            {
                "hub.mode": "subscribe",
                "hub.verify_token": WHATSAPP_VERIFY,
                "hub.challenge": "1158201444",
            },
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.content, b"1158201444")
        r = self.client.get(
            self.path("whatsapp"),
            {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        )
        self.assertEqual(r.status_code, 403)

    def test_a_failing_provider_is_recorded_not_a_500(self):
        self.provider.status = 500
        r = self.twilio()
        self.assertEqual(r.status_code, 200)
        message = OutboundMessage.objects.get()
        self.assertEqual(message.status, OutboundMessage.Status.FAILED)
        self.assertNotIn("twilio-auth-token", message.error)
        self.assertTrue(AuditEvent.objects.filter(action="decoy.send_failed").exists())


class RefusedHookTests(HookTestCase):
    def assert_refused(self, response, action):
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.provider.requests, [])
        self.assertTrue(AuditEvent.objects.filter(action=action).exists())

    def test_a_forged_twilio_request_gets_403_and_an_audit_event(self):
        self.assert_refused(self.twilio(token="not-the-token"), "decoy.hook_forged")

    def test_a_forged_whatsapp_request_gets_403(self):
        self.assert_refused(self.whatsapp(secret="not-the-secret"), "decoy.hook_forged")

    def test_a_forged_bird_request_gets_403(self):
        self.assert_refused(self.bird(key="not-the-key"), "decoy.hook_forged")

    def test_an_unsigned_request_gets_403(self):
        for provider in ("twilio", "whatsapp", "bird"):
            with self.subTest(provider=provider):
                r = self.post(
                    provider,
                    b"From=%2B447700900123&Body=hoi&MessageSid=SMx",
                    {},
                    "application/x-www-form-urlencoded",
                )
                self.assert_refused(r, "decoy.hook_forged")

    def test_a_tampered_body_gets_403(self):
        body, headers = twilio_request(BASE + self.path("twilio"))
        r = self.post(
            "twilio",
            body.replace(b"beschikbaar", b"beschikbaaR"),
            headers,
            "application/x-www-form-urlencoded",
        )
        self.assert_refused(r, "decoy.hook_forged")

    def test_a_replayed_twilio_request_gets_403(self):
        body, headers = twilio_request(BASE + self.path("twilio"))
        self.assertEqual(
            self.post("twilio", body, headers, "application/x-www-form-urlencoded").status_code, 200
        )
        self.provider.requests.clear()
        self.assert_refused(
            self.post("twilio", body, headers, "application/x-www-form-urlencoded"),
            "decoy.hook_replayed",
        )

    def test_a_replayed_whatsapp_message_id_gets_403(self):
        self.whatsapp(message_id="wamid.SAME", text="eerste")
        self.provider.requests.clear()
        self.assert_refused(
            self.whatsapp(message_id="wamid.SAME", text="anders ondertekend"), "decoy.hook_replayed"
        )

    def test_an_old_whatsapp_message_gets_403(self):
        self.assert_refused(self.whatsapp(timestamp=time.time() - 6 * 60), "decoy.hook_replayed")

    def test_an_old_bird_timestamp_gets_403(self):
        self.assert_refused(self.bird(timestamp=time.time() - 6 * 60), "decoy.hook_replayed")

    def test_a_replayed_bird_request_gets_403(self):
        body, headers = bird_request(BASE + self.path("bird"))
        self.post("bird", body, headers, "application/json")
        self.provider.requests.clear()
        self.assert_refused(
            self.post("bird", body, headers, "application/json"), "decoy.hook_replayed"
        )

    def test_a_signed_but_malformed_payload_gets_400(self):
        import hashlib
        import hmac

        from tests.decoys.helpers import WHATSAPP_SECRET

        raw = b'{"entry": [{"changes": [{"value": {"messages": [{"id": 1}]}}]}]}'
        sig = "sha256=" + hmac.new(WHATSAPP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
        r = self.post("whatsapp", raw, {"X-Hub-Signature-256": sig}, "application/json")
        self.assertEqual(r.status_code, 400)
        self.assertTrue(AuditEvent.objects.filter(action="decoy.hook_malformed").exists())

    def test_an_unknown_slug_or_provider_is_a_404(self):
        self.assertEqual(
            self.client.post(
                "/hooks/twilio/nietbestaand/", data=b"", content_type="text/plain"
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(
                f"/hooks/telegram/{self.deployment.slug}/", data=b"", content_type="text/plain"
            ).status_code,
            404,
        )

    def test_an_expired_deployment_sends_nothing_and_audits_the_refusal(self):
        from datetime import timedelta

        from django.utils import timezone

        self.deployment.expires_at = timezone.now() - timedelta(minutes=1)
        self.deployment.save()
        r = self.twilio()
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.provider.requests, [])
        self.assertEqual(Contact.objects.count(), 0)
        event = AuditEvent.objects.get(action="decoy.use_refused")
        self.assertEqual(event.details["reason"], "expired")
        self.assertEqual(event.details["use"], "webhook")

    def test_a_stopped_deployment_sends_nothing(self):
        services.deployment_stop(deployment=self.deployment, reason="test", actor=self.coordinator)
        self.twilio()
        self.assertEqual(self.provider.requests, [])
        self.assertEqual(
            AuditEvent.objects.get(action="decoy.use_refused").details["reason"], "stopped"
        )

    def test_a_capped_deployment_answers_no_new_contact(self):
        self.deployment.contact_cap = 1
        self.deployment.save()
        self.twilio(sid="SM1")
        self.twilio(sid="SM2", sender="+447700900456")
        self.assertEqual(len(self.provider.requests), 1)
        self.assertEqual(Contact.objects.count(), 1)
        self.assertEqual(
            AuditEvent.objects.get(action="decoy.use_refused").details["reason"], "capped"
        )

    def test_a_message_stopped_between_queueing_and_sending_is_not_sent(self):
        body, headers = twilio_request(BASE + self.path("twilio"))
        self.client.post(
            self.path("twilio"),
            data=body,
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
        services.deployment_stop(deployment=self.deployment, reason="nu", actor=self.coordinator)
        message = OutboundMessage.objects.get()
        services.outbound_send(message_id=message.pk)
        self.assertEqual(self.provider.requests, [])
        message.refresh_from_db()
        self.assertEqual(message.status, OutboundMessage.Status.REFUSED)

    def test_a_message_that_raises_a_topic_is_never_sent(self):
        self.deployment.acknowledgement = "Hoi"
        self.deployment.save()
        body, headers = twilio_request(BASE + self.path("twilio"))
        self.client.post(
            self.path("twilio"),
            data=body,
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
        ack = OutboundMessage.objects.get(purpose="acknowledgement")
        OutboundMessage.objects.filter(pk=ack.pk).update(text="Wanneer kunnen we afspreken?")
        services.outbound_send(message_id=ack.pk)
        ack.refresh_from_db()
        self.assertEqual(ack.status, OutboundMessage.Status.REFUSED)
        self.assertEqual(self.provider.requests, [])
        self.assertTrue(AuditEvent.objects.filter(action="decoy.send_refused_topic").exists())


@override_settings(DEBUG=False)
class NoNumberInTheAuditLogTests(HookTestCase):
    def test_the_audit_log_never_holds_the_number(self):
        self.twilio()
        self.whatsapp(message_id="wamid.9")
        self.twilio(token="forged")
        for event in AuditEvent.objects.all():
            self.assertNotIn("7700900123", json.dumps(event.details), event.action)
        self.assertNotIn(CLIENT, "".join(Contact.objects.values_list("digest", flat=True)))


class OtherEventTests(HookTestCase):
    def test_a_whatsapp_status_update_is_accepted_without_a_reply(self):
        import hashlib
        import hmac

        from tests.decoys.helpers import WHATSAPP_SECRET

        raw = json.dumps(
            {
                "entry": [
                    {
                        "changes": [
                            {"value": {"statuses": [{"id": "wamid.X", "status": "delivered"}]}}
                        ]
                    }
                ]
            }
        ).encode()
        sig = "sha256=" + hmac.new(WHATSAPP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
        r = self.post("whatsapp", raw, {"X-Hub-Signature-256": sig}, "application/json")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.provider.requests, [])
        self.assertFalse(Contact.objects.exists())

    def test_twilio_signs_the_query_string_too(self):
        url = BASE + self.path("twilio") + "?bron=sms"
        body, headers = twilio_request(url)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(
                self.path("twilio") + "?bron=sms",
                data=body,
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(self.provider.requests), 1)

    def test_a_forged_request_is_not_kept(self):
        self.twilio(token="forged")
        self.assertFalse(HookRequest.objects.exists())

    def test_other_methods_are_refused(self):
        self.assertEqual(self.client.put(self.path("twilio")).status_code, 405)
