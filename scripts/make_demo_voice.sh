#!/usr/bin/env bash
# The sandbox demo's two voice notes (step 2 of "poser-mousseur", read aloud), synthesised once
# and committed: bot/sandbox/static/voice/*.ogg, Ogg/Opus mono 16 kHz like a Telegram voice note.
# Needs espeak-ng and ffmpeg (apt-get install -y espeak-ng ffmpeg); the tests never run this.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bot/sandbox/static/voice
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() {  # voice, file, text
    espeak-ng -v "$1" -s 140 -w "$tmp/$2.wav" "$3"
    ffmpeg -loglevel error -y -i "$tmp/$2.wav" -map_metadata -1 -ac 1 -ar 16000 -c:a libopus -b:a 12k \
        -application voip -fflags +bitexact -flags:a +bitexact "$out/$2.ogg"
}
say fr mousseur-step-2-fr "Étape deux. Mesurez le débit avant. Ouvrez le robinet à fond au-dessus d'un seau pendant dix secondes. Mesurez les litres d'eau et multipliez par six : vous avez le débit en litres par minute."
say ar mousseur-step-2-ar "افتحوا الصنبور إلى آخره فوق دلو لمدة عشر ثوانٍ. قيسوا لترات الماء واضربوها في ستة."
ls -l "$out"/*.ogg
