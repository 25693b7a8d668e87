from signaal import demo
from signaal.decoys.demo import populate_decoys
from signaal.decoys.models import Conversation, Deployment
from tests.base import SignaalTestCase


class DemoTests(SignaalTestCase):
    def test_it_is_registered_as_a_populator(self):
        self.assertIn(populate_decoys, demo.POPULATORS)

    def test_it_makes_a_live_decoy_ad_and_a_profile_with_a_conversation(self):
        line = populate_decoys(self.coordinator)
        ad = Deployment.objects.get(kind="ad")
        self.assertIn(f"/l/{ad.slug}/", line)
        self.assertEqual(self.client.get(f"/l/{ad.slug}/").status_code, 200)
        conversation = Conversation.objects.get()
        self.assertEqual(conversation.problem_count, 0)
        self.assertEqual(conversation.outside_period, [])
        self.assertEqual(conversation.first_raised["age"]["by"], "counterpart")
        self.assertTrue(any("secrecy" in m.signals for m in conversation.messages.all()))
