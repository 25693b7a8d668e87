from django.apps import AppConfig


class DecoysConfig(AppConfig):
    name = "signaal.decoys"
    label = "decoys"
    verbose_name = "Decoys"

    def ready(self):
        from signaal import demo
        from signaal.decoys.demo import populate_decoys

        if populate_decoys not in demo.POPULATORS:
            demo.POPULATORS.append(populate_decoys)
