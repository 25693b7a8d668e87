from django.test import SimpleTestCase

from signaal.decoys import texts, topics


class TopicsTests(SimpleTestCase):
    def test_it_finds_each_topic_in_dutch_and_english(self):
        cases = {
            "sex": ["wil je seks?", "are you into sex"],
            "money": ["hoeveel kost het?", "how much do you charge", "50 euro", "ik betaal"],
            "age": ["hoe oud ben je", "how old are you", "ik ben 15 jaar", "under 18"],
            "meeting": ["zullen we afspreken", "kom je naar het hotel", "can we meet"],
            "images": ["stuur een foto", "send a pic", "zet je webcam aan"],
        }
        for topic, texts_ in cases.items():
            for text in texts_:
                with self.subTest(text=text):
                    self.assertIn(topic, topics.topics_in(text))

    def test_it_finds_nothing_in_a_neutral_message(self):
        self.assertEqual(topics.topics_in("Hoi, dank voor je bericht."), set())
        self.assertEqual(topics.topics_in("Thanks for your message."), set())

    def test_it_refuses_an_outgoing_message_that_raises_a_topic(self):
        with self.assertRaises(topics.TopicRefused):
            topics.check_outgoing("Hoeveel wil je betalen?", purpose=topics.ACKNOWLEDGEMENT)

    def test_the_deterrence_purpose_may_mention_sex_money_and_age_only(self):
        topics.check_outgoing(texts.DETERRENCE_NL, purpose=topics.DETERRENCE)
        topics.check_outgoing(texts.DETERRENCE_EN, purpose=topics.DETERRENCE)
        with self.assertRaises(topics.TopicRefused) as e:
            topics.check_outgoing(
                texts.DETERRENCE_NL + " Stuur een foto.", purpose=topics.DETERRENCE
            )
        self.assertEqual(e.exception.topics, ["images"])

    def test_the_deterrence_text_is_not_exempt_for_another_purpose(self):
        with self.assertRaises(topics.TopicRefused):
            topics.check_outgoing(texts.DETERRENCE_NL, purpose=topics.ACKNOWLEDGEMENT)

    def test_it_records_who_raised_each_topic_first(self):
        first = topics.first_raised(
            [
                ("decoy", "hoi"),
                ("counterpart", "hoe oud ben je?"),
                ("decoy", "14 jaar"),
                ("decoy", "stuur jij een foto?"),
            ]
        )
        self.assertEqual(first["age"], {"by": "counterpart", "index": 1})
        self.assertEqual(first["images"], {"by": "decoy", "index": 3})
