(defrule breaks-the-playbook (deal) => (undefrule *))
