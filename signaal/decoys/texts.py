"""Default deterrence texts for decoy ads, Dutch and English.

Worded after what deterrence research found to work: say plainly that the
behaviour is a crime and name the law, say that contacts can be traced, and
offer anonymous help, in a calm and non-stigmatising tone (Prichard et al. 2022
on warning messages; the Stop it Now / IWF "reThink" chatbot evaluation, 2024;
Terre des Hommes' deterrence work). Articles: 248b Sr (sexual acts with a
prostitute under 18) and 273g Sr (sex for payment with someone one knows or
should seriously suspect is a victim of trafficking). Check the article
numbers against the current Wetboek van Strafrecht before a deployment.

By rule (topics.py) a deterrence text may mention sex, money and age, and
nothing else: it never mentions a meeting or images.
"""

DETERRENCE_NL = (
    "Dit is een waarschuwing van Signaal. De advertentie waarop je reageerde is geplaatst "
    "om te waarschuwen.\n"
    "Seks tegen betaling met iemand onder de 18 is strafbaar (artikel 248b Wetboek van "
    "Strafrecht). Dat geldt ook voor seks tegen betaling met iemand van wie je weet of "
    "ernstig moet vermoeden dat die slachtoffer is van mensenhandel (artikel 273g).\n"
    "Contacten via advertenties zijn na te gaan.\n"
    "Wil je praten over je gevoelens of gedrag? Bel anoniem en gratis Stop it Now: "
    "0800-266 6 436, of kijk op stopitnow.nl."
)

DETERRENCE_EN = (
    "This is a warning from Signaal. The ad you replied to was placed to warn people.\n"
    "Paying for sex with someone under 18 is a crime in the Netherlands (article 248b of the "
    "Dutch Criminal Code). So is paying for sex with someone you know or should seriously "
    "suspect is a victim of human trafficking (article 273g).\n"
    "Contacts made through ads can be traced.\n"
    "Want to talk about your feelings or behaviour? Call Stop it Now anonymously and free of "
    "charge: 0800-266 6 436, or go to stopitnow.nl."
)


# One message for SMS and WhatsApp: both languages, Dutch first.
def deterrence_message(deployment) -> str:
    nl = deployment.deterrence_nl or DETERRENCE_NL
    en = deployment.deterrence_en or DETERRENCE_EN
    return f"{nl}\n\n{en}"
